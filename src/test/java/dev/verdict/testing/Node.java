package dev.verdict.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a script from src/test/node with Node.js. The official SDK must be installed there
 * ({@code ./verdict test} does it); without it the tests skip loudly, unless
 * VERDICT_TEST_REQUIRE_NODE=true, where they fail.
 */
public final class Node {
    public static final Path DIR = Path.of("src/test/node").toAbsolutePath();

    /** Exit code and output of one run. */
    public record Result(int exitCode, String stdout, String stderr) {}

    private Node() {}

    /** What the SDK scripts need to reach this server over HTTPS as this partner, with callbacks to {@code callbackUrl}. */
    public static Map<String, String> sdkEnv(TestServer server, dev.verdict.partners.IssuedKey partner,
            String callbackUrl) {
        return new java.util.HashMap<>(Map.of(
                "NODE_EXTRA_CA_CERTS", server.caPath().toString(),
                "SERVER", "127.0.0.1:" + server.env().get("VERDICT_HTTPS_PORT") + "/v1",
                "PARTNER_ID", Long.toString(partner.partnerId()),
                "API_KEY", partner.apiKey(),
                "CALLBACK", callbackUrl));
    }

    /**
     * Submits a job with the SDK's submit_job and {@code return_job_status: false} (the SDK then answers
     * at once instead of polling for ~76 s); returns what the script printed.
     */
    public static Result submitJob(Map<String, String> sdkEnv, String userId, String jobId, int jobType,
            String imagesJson, String idInfo) throws Exception {
        var env = new java.util.HashMap<>(sdkEnv);
        env.put("PARTNER_PARAMS", "{\"user_id\": \"%s\", \"job_id\": \"%s\", \"job_type\": %d}"
                .formatted(userId, jobId, jobType));
        env.put("IMAGES", imagesJson);
        env.put("ID_INFO", idInfo);
        env.put("OPTIONS", "{\"return_job_status\": false}");
        return run("submit-job.js", List.of(), env);
    }

    /** Submits a job with the SDK's IDApi.submit_job (job type 5 or 7, answered at once). */
    public static Result submitJobViaIdApi(Map<String, String> sdkEnv, String userId, String jobId, int jobType,
            String idInfo) throws Exception {
        var env = new java.util.HashMap<>(sdkEnv);
        env.put("ID_API", "true");
        env.put("PARTNER_PARAMS", "{\"user_id\": \"%s\", \"job_id\": \"%s\", \"job_type\": %d}"
                .formatted(userId, jobId, jobType));
        env.put("ID_INFO", idInfo);
        return run("submit-job.js", List.of(), env);
    }

    public static Result run(String script, List<String> args, Map<String, String> env) throws Exception {
        return run(script, args, env, "");
    }

    /** Runs a script with {@code stdin} as its standard input. */
    public static Result run(String script, List<String> args, Map<String, String> env, String stdin) throws Exception {
        requireSdk();
        var command = new java.util.ArrayList<String>();
        command.add("node");
        command.add(script);
        command.addAll(args);
        var builder = new ProcessBuilder(command).directory(DIR.toFile());
        builder.environment().putAll(env);
        var process = ChildProcesses.start(builder);
        try (var in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        var stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        var stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("node " + script + " timed out");
        }
        return new Result(process.exitValue(), stdout, stderr);
    }

    /** Starts a script and returns at once, for tests that act on its output while it runs. */
    public static Process start(String script, Map<String, String> env) throws Exception {
        requireSdk();
        var builder = new ProcessBuilder("node", script).directory(DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        return ChildProcesses.start(builder);
    }

    private static void requireSdk() {
        if (Files.isDirectory(DIR.resolve("node_modules/smile-identity-core"))) {
            return;
        }
        var message = "the Smile ID Node SDK is not installed in " + DIR + " (run: ./verdict test, or npm ci there)";
        if (Boolean.parseBoolean(System.getenv("VERDICT_TEST_REQUIRE_NODE"))) {
            throw new IllegalStateException(message);
        }
        System.err.println("!!!!! SKIPPING NODE SDK TESTS: " + message + " !!!!!");
        Assumptions.abort(message);
    }
}
