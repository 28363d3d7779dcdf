package dev.verdict.bench;

import dev.verdict.Application;
import dev.verdict.config.ConfigLoader;
import dev.verdict.db.Jdbc;
import dev.verdict.jobs.JobService;
import dev.verdict.jobs.JobState;
import dev.verdict.signing.SidSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Random;

/**
 * Seeds a benchmark database (not a test): a partner, {@code jobs} completed jobs of distinct users
 * (bulk JDBC, mirroring what JobService writes), and one user with 100 results; then writes wrk Lua
 * scripts with pre-signed job_status bodies (sandbox mode has no freshness window).
 * Usage: Seed JOBS OUT_DIR, with the server's VERDICT_* environment.
 */
public final class Seed {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private static final String RESULT = """
            {"ResultCode":"0840","ResultText":"Enroll User","ResultType":"SAIA","SmileJobID":"%s","JSONVersion":"1.0.0",\
            "IsFinalResult":"true","IsMachineResult":"true","ConfidenceValue":"99.5","Actions":{"Liveness_Check":"Passed",\
            "Register_Selfie":"Approved","Selfie_Provided":"Passed"},"Source":"WebAPI","PartnerParams":{"user_id":"%s",\
            "job_id":"%s","job_type":4},"seq":"1"}""";

    private Seed() {}

    public static void main(String[] args) throws Exception {
        var jobs = Integer.parseInt(args[0]);
        var out = Path.of(args[1]);
        var config = ConfigLoader.load();
        try (var database = Application.openDatabase(config)) {
            var services = Application.Services.open(config, database, InstantSource.system());
            var key = services.partners().create("Benchmark partner");
            var now = Instant.now();
            var started = System.nanoTime();
            var batch = 2000;
            for (int from = 0; from < jobs; from += batch) {
                var to = Math.min(jobs, from + batch);
                var start = from;
                database.run(c -> {
                    var pks = new ArrayList<Long>();
                    try (var insert = c.prepareStatement("""
                            INSERT INTO jobs (partner_id, user_id, job_id, job_type, partner_params, state, version, latest_seq,
                                complete, success, created_at, updated_at, upload_generation)
                            VALUES (?, ?, ?, 4, ?, 'COMPLETE', 1, 1, TRUE, TRUE, ?, ?, 0)""", new String[] {"id"})) {
                        for (int i = start; i < to; i++) {
                            insert.setLong(1, key.partnerId());
                            insert.setString(2, "user-" + i);
                            insert.setString(3, "job-" + i);
                            insert.setString(4, "{\"user_id\":\"user-" + i + "\",\"job_id\":\"job-" + i + "\",\"job_type\":4}");
                            Jdbc.setInstant(insert, 5, now);
                            Jdbc.setInstant(insert, 6, now);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                        try (var keys = insert.getGeneratedKeys()) {
                            while (keys.next()) {
                                pks.add(keys.getLong(1));
                            }
                        }
                    }
                    try (var insert = c.prepareStatement("""
                            INSERT INTO result_events (job_pk, seq, result_code, is_final, result_json, produced_by, created_at,
                                partner_id, user_id)
                            VALUES (?, 1, '0840', TRUE, ?, 'seed', ?, ?, ?)""")) {
                        for (int i = 0; i < pks.size(); i++) {
                            var n = start + i;
                            insert.setLong(1, pks.get(i));
                            insert.setString(2, RESULT.formatted(String.format("%010d", pks.get(i)), "user-" + n, "job-" + n));
                            Jdbc.setInstant(insert, 3, now);
                            insert.setLong(4, key.partnerId());
                            insert.setString(5, "user-" + n);
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                });
            }
            // fresh statistics, as a running database has them (autovacuum on PostgreSQL; on SQLite, what PRAGMA optimize keeps)
            database.run(c -> {
                try (var statement = c.createStatement()) {
                    statement.execute("ANALYZE");
                }
            });
            System.err.printf("seeded %d jobs in %.1f s%n", jobs, (System.nanoTime() - started) / 1e9);

            // one user with 100 results, through the real service
            for (int i = 0; i < 100; i++) {
                var job = services.jobs().create(new JobService.NewJob(key.partnerId(), "history-user", "history-" + i, 4,
                        null, null, null, null, key.keyId(), JobState.RECEIVED));
                services.jobs().recordResult(job.smileJobId(), dev.verdict.http.JsonSupport.MAPPER.createObjectNode()
                        .put("seq", 1).put("ResultCode", "0840").put("ConfidenceValue", "99"));
            }

            var partnerId = Long.toString(key.partnerId());
            var signature = new SidSignature(key.apiKey()).sign(TS, partnerId);
            var random = new Random(42);
            var bodies = new StringBuilder("bodies = {\n");
            for (int i = 0; i < 2000; i++) {
                var n = random.nextInt(jobs);
                bodies.append("  '{\"partner_id\":\"").append(partnerId).append("\",\"user_id\":\"user-").append(n)
                        .append("\",\"job_id\":\"job-").append(n).append("\",\"timestamp\":\"").append(TS)
                        .append("\",\"signature\":\"").append(signature).append("\"}',\n");
            }
            bodies.append("}\n");
            var history = "bodies = {\n  '{\"partner_id\":\"" + partnerId + "\",\"user_id\":\"history-user\","
                    + "\"job_id\":\"history-0\",\"timestamp\":\"" + TS + "\",\"signature\":\"" + signature
                    + "\",\"history\":true}',\n}\n";
            var common = Files.readString(Path.of("bench/post.lua"));
            Files.writeString(out.resolve("status.lua"), bodies + common);
            Files.writeString(out.resolve("history.lua"), history + common);
        }
    }
}
