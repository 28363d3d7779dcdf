package dev.verdict.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.Images;
import dev.verdict.testing.ProcessPartner;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zeros;
import dev.verdict.testing.Zips;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus against a server process with a small heap ({@value #HEAP}): a multi-GiB zip
 * bomb, tens of thousands of entries and a streamed upload far over the cap must leave it healthy.
 * An unbounded read anywhere on the path would end in OutOfMemoryError.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@StartsProcesses
abstract class BoundedMemoryTests {
    static final String HEAP = "-Xmx64m";
    private static final Path BOMB = Path.of("target/test-fixtures/bomb-2gib.zip");

    Path dataDir;
    TestBackend backend;
    ServerProcess server;
    ProcessPartner partner;

    abstract TestBackend backend(Path dataDir);

    @BeforeAll
    void startServerProcess(@TempDir Path dir) throws Exception {
        dataDir = dir;
        backend = backend(dataDir);
        var env = TestServer.env(backend, dataDir);
        server = ServerProcess.start(env, HEAP);
        partner = ProcessPartner.demo(server);
        createBombOnce();
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

    /** 2 GiB of zeros deflated to about 2 MiB, built once per checkout. */
    private static void createBombOnce() throws IOException {
        if (Files.exists(BOMB)) {
            return;
        }
        Files.createDirectories(BOMB.getParent());
        var tmp = BOMB.resolveSibling("bomb.tmp");
        try (var zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
            zip.putNextEntry(new ZipEntry("info.json"));
            zip.write(Zips.infoWithSelfie("selfie.jpg").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("selfie.jpg"));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 2048; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        Files.move(tmp, BOMB);
    }

    @Test
    void theHostileCorpusLeavesASmallHeapServerHealthy() throws Exception {
        var user = "bounded-" + UUID.randomUUID();

        var bombJob = "bomb";
        assertThat(partner.put(partner.prepareUpload(user, bombJob, 4), HttpRequest.BodyPublishers.ofFile(BOMB)).statusCode())
                .isEqualTo(200);
        assertThat(partner.jobStatus(user, bombJob).get("result").get("ResultCode").asText()).isEqualTo("0903");

        var manyJob = "many-entries";
        var many = Zips.builder().entry("info.json", Zips.infoWithSelfie("selfie.jpg"));
        for (int i = 0; i < 40_000; i++) {
            many.entry("junk/" + i, new byte[0]);
        }
        assertThat(partner.put(partner.prepareUpload(user, manyJob, 4), HttpRequest.BodyPublishers.ofByteArray(many.build()))
                .statusCode()).isEqualTo(200);
        assertThat(partner.jobStatus(user, manyJob).get("result").get("ResultCode").asText()).isEqualTo("0903");

        var hugeJob = "huge-stream";
        var hugeUrl = partner.prepareUpload(user, hugeJob, 4);
        var huge = partner.put(hugeUrl, HttpRequest.BodyPublishers.ofInputStream(() -> Zeros.of(512L * 1024 * 1024)));
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(partner.jobStatus(user, hugeJob).get("code").asText()).isEqualTo("2314");

        // still healthy, and the same URL still takes a good zip
        assertThat(server.alive()).as(server.output()).isTrue();
        var health = partner.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        var good = Zips.java(user, hugeJob, 4, Images.jpeg(64, 64));
        assertThat(partner.put(hugeUrl, HttpRequest.BodyPublishers.ofByteArray(good)).statusCode()).isEqualTo(200);
        assertThat(partner.jobStatus(user, hugeJob).get("code").asText()).isEqualTo("2302");
        assertThat(server.output()).doesNotContain("OutOfMemoryError");
    }
}
