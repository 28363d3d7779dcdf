package dev.verdict.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.Images;
import dev.verdict.testing.Poll;
import dev.verdict.testing.ProcessPartner;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Load must never change a verdict: selfies that are tiny files but large rasters (16-bit RGBA, 8
 * bytes a pixel) are judged by a server process with a small heap ({@value #HEAP}) and
 * {@value #WORKERS} engine workers, first one alone, then {@value #WORKERS} at once. Each full decode
 * fits the heap alone but not together: unbounded, concurrent decodes run out of memory.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@StartsProcesses
abstract class DecodingUnderLoadTests {
    static final String HEAP = "-Xmx128m";
    static final int WORKERS = 4;
    /** 2800 x 2800 at 8 bytes a pixel: about 63 MB decoded, from a file of a few kilobytes. */
    private static final byte[] LARGE_SELFIE = Images.png16(2800, 2800);

    TestBackend backend;
    ServerProcess server;
    ProcessPartner partner;

    abstract TestBackend backend(Path dataDir);

    @BeforeAll
    void startServerProcess(@TempDir Path dataDir) throws Exception {
        backend = backend(dataDir);
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        env.put("VERDICT_ENGINE_WORKERS", Integer.toString(WORKERS));
        server = ServerProcess.start(env, HEAP);
        partner = ProcessPartner.demo(server);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void upload(String url, byte[] zip) {
        var response = partner.put(url, HttpRequest.BodyPublishers.ofByteArray(zip));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** The final result code of a job, waiting (at most two minutes) while the server is alive. */
    private String finalCode(String userId, String jobId) throws InterruptedException {
        return Poll.atMost(Duration.ofMinutes(2)).every(Duration.ofMillis(100)).until(() -> {
            assertThat(server.alive()).as("server exited:\n" + server.output()).isTrue();
            var status = partner.jobStatus(userId, jobId);
            if (!status.path("job_complete").asBoolean(false)) {
                return Optional.<String>empty();
            }
            return Optional.of(status.get("result").get("ResultCode").asText());
        }, () -> "a final result for " + jobId + ":\n" + server.output());
    }

    @Test
    void largeRastersGetTheSameVerdictTogetherAsAlone() throws Exception {
        var alone = "alone-" + UUID.randomUUID();
        upload(partner.prepareUpload(alone, alone, 4), Zips.java(alone, alone, 4, LARGE_SELFIE));
        var verdictAlone = finalCode(alone, alone);
        assertThat(verdictAlone).as("a usable selfie is approved").isEqualTo("0840");

        var users = new ArrayList<String>();
        var urls = new ArrayList<String>();
        for (int i = 0; i < WORKERS; i++) {
            var user = "together-" + i + "-" + UUID.randomUUID();
            users.add(user);
            urls.add(partner.prepareUpload(user, user, 4));
        }
        for (int i = 0; i < WORKERS; i++) {
            upload(urls.get(i), Zips.java(users.get(i), users.get(i), 4, LARGE_SELFIE));
        }
        for (var user : users) { // each user's job has the user's name as its job_id
            assertThat(finalCode(user, user)).as(user).isEqualTo(verdictAlone);
        }
        assertThat(server.alive()).isTrue();
        assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
}
