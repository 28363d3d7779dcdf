package dev.verdict.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.verdict.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
    private final String adminBase;

    private ServerProcess(Process process, String adminBase) {
        this.process = process;
        this.adminBase = adminBase;
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
        var server = new ServerProcess(process, "http://127.0.0.1:" + env.get("VERDICT_ADMIN_PORT"));
        server.awaitHealthy();
        return server;
    }

    private void awaitHealthy() throws Exception {
        var client = HttpClient.newHttpClient();
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited:\n" + output());
            }
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(adminBase + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server did not become healthy:\n" + output());
    }

    public String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** The demo credentials a first sandbox start prints (the banner follows the listeners by a moment). */
    public JsonNode demoCredentials() throws InterruptedException {
        var deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            synchronized (output) {
                var line = output.stream().filter(l -> l.startsWith("{\"partner_id\"")).findFirst();
                if (line.isPresent()) {
                    return TestServer.json(line.get());
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no demo credentials printed:\n" + output());
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
