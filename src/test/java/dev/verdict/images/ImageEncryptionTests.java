package dev.verdict.images;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.SignedRequests;
import dev.verdict.testing.Zips;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Images at rest, on SQLite with the file store and PostgreSQL with the database store: what Verdict
 * writes (every file under the data directory, every column of every table) holds neither an image nor
 * its base64; images read back equal through image links and the internal API; images stored in clear
 * before encryption are converted at start (idempotent, in batches, by several nodes at once) and stay
 * readable until then; altered stored bytes fail the read with a clear error and serve nothing.
 */
abstract class ImageEncryptionTests extends ServerTestBase {
    private static final String TS = "2026-03-01T12:00:00.000Z";
    private IssuedKey partner;

    @Override
    protected void started() {
        partner = server.createPartner("Encryption partner");
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** What must not be found at rest for an image: a 64-byte chunk of it, in raw bytes, base64 and hex. */
    static List<byte[]> needles(byte[] image) {
        var middle = image.length / 2;
        var chunk = Arrays.copyOfRange(image, middle, middle + 64);
        var base64 = Base64.getEncoder().encodeToString(image);
        var b64Chunk = base64.substring(base64.length() / 2, base64.length() / 2 + 64);
        var urlChunk = Base64.getUrlEncoder().encodeToString(image).substring(base64.length() / 2, base64.length() / 2 + 64);
        return List.of(chunk, b64Chunk.getBytes(StandardCharsets.US_ASCII), urlChunk.getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().formatHex(chunk).getBytes(StandardCharsets.US_ASCII));
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Every file under the data directory and, on PostgreSQL, every value of every column of every table. */
    private List<Named> everythingAtRest() throws IOException {
        var all = new ArrayList<Named>();
        try (var files = Files.walk(dataDir)) {
            for (var file : files.filter(Files::isRegularFile).toList()) {
                all.add(new Named(dataDir.relativize(file).toString(), Files.readAllBytes(file)));
            }
        }
        if (postgres()) {
            server.app().database().read(c -> {
                all.addAll(everyColumn(c));
                return null;
            });
        }
        return all;
    }

    record Named(String where, byte[] bytes) {}

    private static List<Named> everyColumn(Connection c) throws SQLException {
        var columns = new ArrayList<String[]>();
        try (var select = c.prepareStatement("SELECT table_name, column_name, data_type FROM information_schema.columns"
                + " WHERE table_schema = 'public'"); var rs = select.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        var values = new ArrayList<Named>();
        for (var column : columns) {
            var out = new ByteArrayOutputStream();
            try (var select = c.prepareStatement("SELECT \"" + column[1] + "\" FROM \"" + column[0] + "\"");
                    var rs = select.executeQuery()) {
                while (rs.next()) {
                    var value = "bytea".equals(column[2]) ? rs.getBytes(1) : bytes(rs.getString(1));
                    if (value != null) {
                        out.writeBytes(value);
                    }
                }
            }
            values.add(new Named(column[0] + "." + column[1], out.toByteArray()));
        }
        return values;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private void assertNothingAtRestHolds(List<byte[]> images) throws IOException {
        var atRest = everythingAtRest();
        assertThat(atRest).isNotEmpty();
        for (var i = 0; i < images.size(); i++) {
            for (var needle : needles(images.get(i))) {
                for (var place : atRest) {
                    assertThat(contains(place.bytes(), needle)).as("image %d found in %s", i, place.where()).isFalse();
                }
            }
        }
    }

    private boolean postgres() {
        return "database".equals(server.env().get("VERDICT_IMAGE_STORE"));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private byte[] internalRead(String imageId) {
        var response = server.sendForBytes(HttpRequest.newBuilder(URI.create(server.adminBase() + "/internal/v1/images/" + imageId))
                .header("Authorization", "Bearer " + dev.verdict.testing.TestServer.ADMIN_TOKEN).GET().build());
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return response.body();
    }

    /** Submits a job the way the Node SDK does: prep upload, then its zip with a selfie and an ID card. */
    private String submitZip(String userId, String jobId, byte[] selfie, byte[] idCard) {
        var signature = new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
        var prep = server.post("/v1/upload", """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s", "file_name": "selfie.zip",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 1}}"""
                .formatted(partner.partnerId(), TS, signature, userId, jobId));
        assertThat(prep.statusCode()).as(prep.body()).isEqualTo(200);
        var answer = json(prep.body());
        var zip = Zips.node(Long.toString(partner.partnerId()), userId, jobId, 1, selfie, idCard);
        var put = server.send(HttpRequest.newBuilder(URI.create(answer.get("upload_url").asText()))
                .header("Content-Type", "application/zip").PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return answer.get("smile_job_id").asText();
    }

    private ImageStore store() {
        return postgres() ? new DatabaseImageStore() : new FileImageStore(dataDir.resolve("images"));
    }

    /** An image written as Verdict wrote them before encryption: clear bytes, marked not sealed. */
    private String storeClear(long jobPk, byte[] content) {
        var id = Base64.getUrlEncoder().withoutPadding().encodeToString(UUID.randomUUID().toString().getBytes(
                StandardCharsets.US_ASCII)).substring(0, 24);
        server.app().database().run(c -> {
            try {
                store().put(c, id, content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            new ImageMetadataStore().insert(c, new ImageRecord(id, jobPk, ImageKind.SELFIE, "image/png", content.length,
                    "0".repeat(64), clock.instant()));
            try (var update = c.prepareStatement("UPDATE images SET sealed = ? WHERE id = ?")) {
                update.setBoolean(1, false);
                update.setString(2, id);
                update.executeUpdate();
            }
        });
        return id;
    }

    private long newJobPk() {
        var smileJobId = server.createJob(partner.partnerId(), unique("user"), unique("job"), 1, "RECEIVED");
        return server.app().services().jobs().find(smileJobId).orElseThrow().pk();
    }

    // ---- tests -------------------------------------------------------------------------------------

    @Test
    void noImageNorItsBase64IsAtRestAndEveryImageReadsBackEqual() throws Exception {
        var selfie = Images.noise(1, 64, 64);
        var idCard = Images.noise(2, 80, 50);
        var engineSelfie = Images.noise(3, 48, 48);
        var user = unique("user");
        var jobId = unique("job");
        submitZip(user, jobId, selfie, idCard);
        var internalJob = server.createJob(partner.partnerId(), unique("user"), unique("job"), 1, "RECEIVED");
        var engineImageId = server.putImage(internalJob, "selfie", engineSelfie);

        assertNothingAtRestHolds(List.of(selfie, idCard, engineSelfie));

        // through job_status image links (audited link fetches) ...
        var status = json(server.post("/v1/job_status", SignedRequests.jobStatus(partner, user, jobId, TS, true, false)).body());
        var links = status.get("image_links");
        assertThat(links.get("selfie_image").asText()).as(status.toString()).startsWith(server.httpsBase() + "/images/");
        for (var link : List.of(links.get("selfie_image").asText(), links.get("id_card_image").asText())) {
            var fetched = server.sendForBytes(HttpRequest.newBuilder(URI.create(link)).GET().build());
            assertThat(fetched.statusCode()).isEqualTo(200);
            assertThat(fetched.body()).isEqualTo(link.equals(links.get("selfie_image").asText()) ? selfie : idCard);
        }
        // ... the internal API and the console's audited read
        assertThat(internalRead(engineImageId)).isEqualTo(engineSelfie);
        assertThat(server.app().services().images().readForOperator(engineImageId, "admin").orElseThrow().bytes())
                .isEqualTo(engineSelfie);
    }

    @Test
    void clearImagesStayReadableAndAreSealedAtStartOnceInBatchesByConcurrentNodes() throws Exception {
        var images = server.app().services().images();
        images.sealClearImages(); // whatever an earlier test left
        var jobPk = newJobPk();
        var clear = new ArrayList<byte[]>();
        var ids = new ArrayList<String>();
        var count = ImageService.SEAL_BATCH * 2 + 5;
        for (var i = 0; i < count; i++) {
            clear.add(Images.noise(100 + i, 24, 24));
            ids.add(storeClear(jobPk, clear.get(i)));
        }
        // a conversion that replaced the bytes but did not commit: sealed bytes, marked clear
        var cipher = new ImageCipher(server.app().services().secrets().imageKeyWrappingKey());
        var halfDone = ids.get(3);
        server.app().database().run(c -> {
            try {
                store().replace(c, halfDone, cipher.seal(halfDone, clear.get(3)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        assertThat(images.clearImageCount()).isEqualTo(count);
        for (var i = 0; i < count; i++) {
            assertThat(internalRead(ids.get(i))).as("clear image %d before conversion", i).isEqualTo(clear.get(i));
        }
        assertThat(everythingAtRest().stream().anyMatch(p -> contains(p.bytes(), needles(clear.get(0)).get(0)))).isTrue();

        // three nodes starting at once (each its own service over the same database) share the work
        var nodes = new ArrayList<Callable<Long>>();
        for (var n = 0; n < 3; n++) {
            var node = new ImageService(server.app().database(), store(), cipher, server.app().services().audit(), clock);
            nodes.add(node::sealClearImages);
        }
        long sealed = 0;
        try (var pool = Executors.newFixedThreadPool(3)) {
            for (var result : pool.invokeAll(nodes)) {
                sealed += result.get();
            }
        }
        assertThat(sealed).isEqualTo(count);
        assertThat(images.clearImageCount()).isZero();
        assertThat(images.sealClearImages()).isZero(); // idempotent: the next start finds nothing to do
        assertNothingAtRestHolds(clear);
        for (var i = 0; i < count; i++) {
            assertThat(internalRead(ids.get(i))).as("image %d after conversion", i).isEqualTo(clear.get(i));
        }
    }

    @Test
    void alteredStoredBytesFailTheReadWithAClearErrorAndServeNothing() throws Exception {
        var image = Images.noise(7, 40, 40);
        var smileJobId = server.createJob(partner.partnerId(), unique("user"), unique("job"), 1, "RECEIVED");
        var id = server.putImage(smileJobId, "selfie", image);
        server.app().database().run(c -> {
            try {
                var stored = store().get(c, id);
                stored[stored.length - 20] ^= 0x01;
                store().replace(c, id, stored);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        var audited = server.app().services().audit();
        var response = server.sendForBytes(HttpRequest.newBuilder(URI.create(server.adminBase() + "/internal/v1/images/" + id))
                .header("Authorization", "Bearer " + dev.verdict.testing.TestServer.ADMIN_TOKEN).GET().build());
        assertThat(response.statusCode()).isEqualTo(500);
        var body = json(new String(response.body(), StandardCharsets.UTF_8));
        assertThat(body.get("code").asText()).isEqualTo("image_unreadable");
        assertThat(response.body().length).isLessThan(300);

        var links = new ImageLinks(server.app().services().secrets().imageLinkSecret(), server.httpsBase(),
                java.time.Duration.ofHours(1));
        var viaLink = server.sendForBytes(HttpRequest.newBuilder(URI.create(links.linkFor(id, clock.instant()))).GET().build());
        assertThat(viaLink.statusCode()).isEqualTo(500);
        assertThat(json(new String(viaLink.body(), StandardCharsets.UTF_8)).get("code").asText()).isEqualTo("image_unreadable");
        assertThat(viaLink.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> server.app().services().images().readForOperator(id, "admin"))
                .hasMessageContaining("integrity");
        // no read was recorded as done: nothing was served
        assertThat(audited.count("image.read", id) + audited.count("image.fetched", id)
                + audited.count("image.viewed", id)).isZero();
    }
}
