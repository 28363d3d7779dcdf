package dev.verdict.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Poll;
import dev.verdict.testing.Zips;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Intake throughput against a running sandbox server (not a test): CLIENTS clients each prep-upload
 * a job (type 4) and PUT a ~100 KB zip, for SECONDS seconds; then it waits until every job has its
 * final sandbox result and prints jobs per second from the first request to the last result. With
 * "store-only" as an eighth argument it stops once the PUTs are answered (for a server that stores
 * uploads without processing them, VERDICT_SANDBOX_JOB_TYPES=none), and prints the accepted rate twice.
 * Usage: IntakeBench HTTP_BASE ADMIN_BASE ADMIN_TOKEN PARTNER_ID API_KEY CLIENTS SECONDS [store-only]
 */
public final class IntakeBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TS = "2026-03-01T12:00:00.000Z";

    private IntakeBench() {}

    public static void main(String[] args) throws Exception {
        var http = args[0];
        var admin = args[1];
        var token = args[2];
        var partnerId = args[3];
        var signature = new SidSignature(args[4]).sign(TS, partnerId);
        var clients = Integer.parseInt(args[5]);
        var seconds = Integer.parseInt(args[6]);
        var storeOnly = args.length > 7 && args[7].equals("store-only");
        var selfie = noisyPng(160, 160);

        var submitted = new ConcurrentLinkedQueue<String>();
        var sequence = new AtomicInteger();
        var started = System.nanoTime();
        var until = started + seconds * 1_000_000_000L;
        var threads = new java.util.ArrayList<Thread>();
        for (int t = 0; t < clients; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (var client = HttpClient.newHttpClient()) {
                    while (System.nanoTime() < until) {
                        var n = sequence.incrementAndGet();
                        var user = "intake-user-" + n;
                        var job = "intake-job-" + n + "-" + started;
                        var prep = """
                                {"smile_client_id": "%s", "timestamp": "%s", "signature": "%s", "partner_params": {"user_id": "%s",
                                 "job_id": "%s", "job_type": 4}, "source_sdk": "java"}""".formatted(partnerId, TS, signature, user, job);
                        var answer = JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(http + "/v1/upload"))
                                .POST(HttpRequest.BodyPublishers.ofString(prep)).build(), HttpResponse.BodyHandlers.ofString()).body());
                        var url = answer.get("upload_url").asText().replaceFirst("^https?://[^/]+", http);
                        var put = client.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers
                                .ofByteArray(Zips.java(user, job, 4, selfie))).build(), HttpResponse.BodyHandlers.ofString());
                        if (put.statusCode() != 200) {
                            throw new IllegalStateException("PUT answered " + put.statusCode() + ": " + put.body());
                        }
                        submitted.add(answer.get("smile_job_id").asText());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (var thread : threads) {
            thread.join();
        }
        var accepted = System.nanoTime();
        List<String> jobs = List.copyOf(submitted);
        if (storeOnly) {
            System.out.printf("intake, storing only: %d jobs (zip %d bytes), %d clients: accepted %.1f jobs/s%n",
                    jobs.size(), Zips.java("u", "j", 4, selfie).length, clients, jobs.size() / ((accepted - started) / 1e9));
            System.err.printf("RESULT %.1f %.1f%n", jobs.size() / ((accepted - started) / 1e9),
                    jobs.size() / ((accepted - started) / 1e9));
            return;
        }
        System.out.printf("  %d jobs accepted, waiting for their final results%n", jobs.size());
        try (var client = HttpClient.newHttpClient()) {
            for (var smileJobId : jobs) {
                Poll.until(Duration.ofMinutes(10), () -> JSON.readTree(client.send(HttpRequest.newBuilder(
                        URI.create(admin + "/internal/v1/jobs/" + smileJobId)).header("Authorization", "Bearer " + token)
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("job_complete").booleanValue(),
                        "the final result of " + smileJobId);
            }
        }
        var finished = System.nanoTime();
        System.out.printf("intake: %d jobs (zip %d bytes), %d clients: accepted %.1f jobs/s, final results %.1f jobs/s%n",
                jobs.size(), Zips.java("u", "j", 4, selfie).length, clients, jobs.size() / ((accepted - started) / 1e9),
                jobs.size() / ((finished - started) / 1e9));
        System.err.printf("RESULT %.1f %.1f%n", jobs.size() / ((accepted - started) / 1e9), jobs.size() / ((finished - started) / 1e9));
    }

    /** A photo-sized PNG of noise (incompressible, so the zip is ~100 KB), which the sandbox accepts as a face. */
    private static byte[] noisyPng(int width, int height) throws Exception {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new Random(42);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, random.nextInt(0x1000000));
            }
        }
        var out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
