package dev.verdict.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpServer;
import dev.verdict.Application;
import dev.verdict.callbacks.CallbackSender;
import dev.verdict.callbacks.TargetGuard;
import dev.verdict.config.ConfigLoader;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Callback throughput (not a test), in two parts on one local receiver that answers 200 at once:
 * <ol>
 *   <li>direct: WORKERS threads post WARMUP and then COUNT result bodies through {@link CallbackSender}
 *       (the client library and settings Verdict delivers with);</li>
 *   <li>through Verdict: WARMUP + COUNT jobs with the receiver as callback URL get a result (so that
 *       many deliveries wait in the outbox); then it prints "seeded" and waits while the caller starts
 *       the server, whose dispatcher delivers them.</li>
 * </ol>
 * Each rate runs over the last COUNT posts only: the first WARMUP warm both JVMs up, as every other
 * figure's warm-up does (measured from a cold start, the server's JIT compilers took a large share of
 * the cores while it delivered).
 * Usage: CallbackBench COUNT WORKERS [WARMUP, default COUNT], with the server's VERDICT_* environment
 * (server not running yet).
 * Prints "RESULT direct-per-s verdict-per-s" on standard error.
 */
public final class CallbackBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CallbackBench() {}

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1); // the receiver's threads would keep the JVM alive
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        var count = Integer.parseInt(args[0]);
        var workers = Integer.parseInt(args[1]);
        var warmup = args.length > 2 ? Integer.parseInt(args[2]) : count;
        var received = new AtomicInteger();
        var first = new AtomicLong();
        var last = new AtomicLong();
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            var now = System.nanoTime();
            if (received.incrementAndGet() == warmup + 1) {
                first.set(now); // the first measured post
            }
            last.set(now);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        var url = "http://127.0.0.1:" + server.getAddress().getPort() + "/cb";
        // what Verdict adds to a posted result before delivering it, so both bodies are of one size
        var full = result();
        full.put("SmileJobID", "0000000001").put("JSONVersion", "1.0.0").put("Source", "WebAPI");
        full.putObject("PartnerParams").put("user_id", "direct-user").put("job_id", "direct-job").put("job_type", 5);
        var body = JSON.writeValueAsString(full);

        direct(url, body, warmup, workers);
        var direct = direct(url, body, count, workers);
        System.out.printf("callbacks direct: %d posts (after %d to warm up) with %d workers: %.0f/s%n", count, warmup,
                workers, direct);

        received.set(0);
        first.set(0);
        var config = ConfigLoader.load();
        try (var database = Application.openDatabase(config)) {
            var services = Application.Services.open(config, database, InstantSource.system());
            var key = services.partners().create("Callback benchmark partner");
            var run = System.currentTimeMillis();
            var total = warmup + count;
            for (int i = 1; i <= total; i++) {
                var job = services.jobs().create(new JobService.NewJob(key.partnerId(), "cb-user-" + i,
                        "cb-job-" + run + "-" + i, 5, JsonNodeFactory.instance.objectNode(), url, "bench", null,
                        key.keyId(), JobState.RECEIVED));
                services.jobs().recordResult(job.smileJobId(), result());
                if (i % 1000 == 0 || i == total) {
                    System.out.printf("  seeded %d of %d results with a callback%n", i, total);
                }
            }
            // fresh statistics, as a running database has them (autovacuum): on a PostgreSQL table that
            // grew from empty and was never analysed, the planner read every due delivery and sorted
            // them for each claim instead of walking the due index (docs/benchmarks.md)
            database.run(c -> {
                try (var statement = c.createStatement()) {
                    statement.execute("ANALYZE");
                }
            });
        }
        System.out.println("seeded");
        var deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (received.get() < warmup + count && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        server.stop(0);
        if (received.get() < warmup + count) {
            throw new IllegalStateException("only " + received.get() + " of " + (warmup + count) + " callbacks arrived");
        }
        var throughVerdict = (count - 1) / ((last.get() - first.get()) / 1e9);
        System.out.printf("callbacks through Verdict: %d deliveries (after %d to warm up): %.0f/s%n", count, warmup,
                throughVerdict);
        System.err.printf("RESULT %.0f %.0f%n", direct, throughVerdict);
    }

    private static double direct(String url, String body, int count, int workers) throws Exception {
        var next = new AtomicInteger();
        var done = new CountDownLatch(workers);
        try (var sender = new CallbackSender(new TargetGuard(List.of("127.0.0.0/8")), false, Duration.ofSeconds(10))) {
            var started = System.nanoTime();
            for (int w = 0; w < workers; w++) {
                Thread.ofPlatform().start(() -> {
                    try {
                        while (next.incrementAndGet() <= count) {
                            var outcome = sender.post(url, body, Map.of("webhook-id", "msg_direct"));
                            if (outcome.statusCode() == null || outcome.statusCode() != 200) {
                                throw new IllegalStateException("direct post failed: " + outcome);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("direct posts did not finish");
            }
            return count / ((System.nanoTime() - started) / 1e9);
        }
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode result() {
        var result = JsonNodeFactory.instance.objectNode();
        result.put("seq", 1);
        result.put("ResultCode", "1012");
        result.put("ResultText", "Valid ID / ID Number Validated");
        result.put("ResultType", "ID Verification");
        result.put("IsFinalResult", "true");
        result.put("IsMachineResult", "true");
        result.putObject("Actions").put("Verify_ID_Number", "Verified").put("Return_Personal_Info", "Returned");
        return result;
    }
}
