package dev.verdict;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.Ports;
import dev.verdict.testing.SettableClock;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory holds the master key, TLS keys, identity images and the database: nothing in it
 * may be readable by other users, whatever the umask, and a data directory left open by an earlier
 * version is closed at start. (The embedded database's own files are the database's business.)
 */
class DataDirectoryPermissionsTest {
    private static final EnumSet<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path parent;

    private static Map<String, String> env(Path dataDir) {
        return Map.of(
                "VERDICT_DATA_DIR", dataDir.toString(),
                "VERDICT_HTTP_PORT", Integer.toString(Ports.free()),
                "VERDICT_HTTPS_PORT", Integer.toString(Ports.free()),
                "VERDICT_ADMIN_PORT", Integer.toString(Ports.free()),
                "VERDICT_ADMIN_TOKEN", TestServer.ADMIN_TOKEN);
    }

    @Test
    void everythingVerdictCreatesIsForItsOwnerOnly() throws Exception {
        var dataDir = parent.resolve("data"); // nothing pre-created: Verdict makes it all
        try (var server = TestServer.start(env(dataDir), new SettableClock(Instant.now()))) {
            var credentials = json(server.banner().lines().filter(l -> l.startsWith("{\"partner_id\""))
                    .findFirst().orElseThrow());
            var partnerId = credentials.get("partner_id").asText();
            var apiKey = credentials.get("api_key").asText();
            // a job uploaded as a partner would: the zip passes through the upload directory, its images land in the store
            var timestamp = Instant.now().toString();
            var prep = server.post("/v1/upload", """
                    {"file_name": "selfie.zip", "smile_client_id": "%s", "timestamp": "%s", "signature": "%s",
                     "partner_params": {"user_id": "perm-user", "job_id": "perm-job", "job_type": 4}}"""
                    .formatted(partnerId, timestamp, new SidSignature(apiKey).sign(timestamp, partnerId)));
            assertThat(prep.statusCode()).as(prep.body()).isEqualTo(200);
            var put = server.send(HttpRequest.newBuilder(URI.create(json(prep.body()).get("upload_url").asText()))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(
                            Zips.java("perm-user", "perm-job", 4, Images.png(32, 32)))).build());
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            var smileJobId = json(prep.body()).get("smile_job_id").asText();
            server.putImage(smileJobId, "id_card_front", Images.png(16, 16));

            assertThat(dataDir.resolve("images")).isDirectory();
            assertThat(dataDir.resolve("tmp")).isDirectory();
            assertThat(dataDir.resolve("tls/ca.pem")).isRegularFile();
            var open = new ArrayList<String>();
            try (Stream<Path> all = Files.walk(dataDir)) {
                all.forEach(path -> {
                    var inDatabase = path.startsWith(dataDir.resolve("db")) && !path.equals(dataDir.resolve("db"));
                    if (inDatabase) {
                        return;
                    }
                    var permissions = permissions(path);
                    if (permissions.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                        open.add("/" + dataDir.relativize(path) + " " + PosixFilePermissions.toString(permissions));
                    }
                });
            }
            assertThat(open).as("paths others may read or enter").isEmpty();
            assertThat(PosixFilePermissions.toString(permissions(dataDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(permissions(dataDir.resolve("db")))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(permissions(dataDir.resolve("master.key")))).isEqualTo("rw-------");
        }
    }

    @Test
    @SuppressWarnings("try") // the server only has to have started
    void anOpenDataDirectoryIsClosedAtStart() throws Exception {
        var dataDir = parent.resolve("open-data");
        Files.createDirectories(dataDir.resolve("db"));
        var everyone = PosixFilePermissions.fromString("rwxrwxrwx");
        Files.setPosixFilePermissions(dataDir, everyone);
        Files.setPosixFilePermissions(dataDir.resolve("db"), everyone);
        try (var server = TestServer.start(env(dataDir), new SettableClock(Instant.now()))) {
            assertThat(PosixFilePermissions.toString(permissions(dataDir))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(permissions(dataDir.resolve("db")))).isEqualTo("rwx------");
        }
    }

    private static java.util.Set<PosixFilePermission> permissions(Path path) {
        try {
            return Files.getPosixFilePermissions(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
