package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** {@code verdict serve} in its own JVM, for tests that kill, restart or starve a server. */
public final class ServerProcess implements AutoCloseable {
    /** Every server still running: killed when the test JVM exits, so a failed test leaves none behind. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final ApiClient api;
    private final Map<String, String> env;

    private ServerProcess(Process process, Map<String, String> env) {
        this.process = process;
        this.env = Map.copyOf(env);
        var plain = ApiClient.plainHttp(env);
        this.api = new ApiClient(HttpClient.newHttpClient(), plain.publicBase(), plain.adminBase(),
                () -> alive() ? null : "server exited:\n" + output());
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var drainer = new Thread(() -> reader.lines().forEach(output::add), "server-output");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Starts the server and waits until its admin listener answers /health. */
    public static ServerProcess start(Map<String, String> env, String... jvmOptions) throws Exception {
        var command = new ArrayList<String>();
        command.add(ChildProcesses.java());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-XX:+ExitOnOutOfMemoryError", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        var process = ChildProcesses.start(builder);
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        var server = new ServerProcess(process, env);
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws InterruptedException {
        Poll.atMost(Duration.ofSeconds(90)).every(Duration.ofMillis(200)).until(() -> {
            if (!alive()) {
                throw new IllegalStateException("server exited:\n" + output());
            }
            try {
                return api.adminGet("/health").statusCode() == 200;
            } catch (UncheckedIOException e) {
                return false; // not listening yet
            }
        }, () -> "the server to become healthy:\n" + output());
    }

    /** This server's plain HTTP and admin listeners; a request failing because it died says so. */
    public ApiClient api() {
        return api;
    }

    /** The VERDICT_* settings this server was started with (its ports among them). */
    public Map<String, String> env() {
        return env;
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The demo credentials a first sandbox start prints (the banner follows the listeners by a moment). */
    public JsonNode demoCredentials() throws InterruptedException {
        var line = Poll.atMost(Duration.ofSeconds(30)).every(Duration.ofMillis(50)).until(() -> {
            synchronized (output) {
                return output.stream().filter(l -> l.startsWith("{\"partner_id\"")).findFirst();
            }
        }, () -> "the demo credentials:\n" + output());
        return TestServer.json(line);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no graceful anything. Returns once the process is gone. */
    public void kill() throws InterruptedException {
        sigkill();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends SIGKILL and returns at once. */
    public void sigkill() {
        process.destroyForcibly();
    }

    /** SIGTERM, then SIGKILL after 20 s. Not interruptible by contract (AutoCloseable): an interrupt is kept. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            sigkill();
            Thread.currentThread().interrupt();
        }
    }
}
