package dev.verdict.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.images.ImageCipher;
import dev.verdict.secrets.MasterKey;
import dev.verdict.secrets.Secrets;
import dev.verdict.testing.Images;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code verdict backup --to FILE} on the embedded database while the server runs: an owner-only
 * consistent copy that, restored with the file image store into a fresh data directory with the same
 * master key, serves a job's image again; with another master key nothing opens.
 */
class BackupTest extends ServerTestBase {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }

    private int cli(ByteArrayOutputStream out, String... args) {
        return Cli.run(args, server.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (var file : files.toList()) {
                var target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** A fresh data directory holding the backup as its database and a copy of the image store. */
    private static Path restore(Path backup, Path imageStore, Path into) throws IOException {
        Files.createDirectories(into.resolve("db"));
        Files.copy(backup, into.resolve("db").resolve("verdict.db"));
        copyTree(imageStore, into.resolve("images"));
        return into;
    }

    @Test
    void anOnlineBackupRestoresWithTheMasterKeyAndOpensNothingWithout(@TempDir Path scratch) throws Exception {
        var partner = server.createPartner("Backed up");
        var smileJobId = server.createJob(partner.partnerId(), "user-backup", "job-backup", 1, "RECEIVED");
        var image = Images.noise(42, 48, 48);
        var imageId = server.putImage(smileJobId, "selfie", image);

        var backup = scratch.resolve("backups").resolve("verdict-backup.db");
        var out = new ByteArrayOutputStream();
        assertThat(cli(out, "backup", "--to", backup.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"backup\"");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.getParent()))).isEqualTo("rwx------");
        // a backup never overwrites a file
        assertThat(cli(new ByteArrayOutputStream(), "backup", "--to", backup.toString())).isEqualTo(1);
        assertThat(cli(new ByteArrayOutputStream(), "backup")).isEqualTo(2);
        // what it holds is sealed: neither the image nor its base64
        var backupBytes = Files.readAllBytes(backup);
        var chunk = Arrays.copyOfRange(image, image.length / 2, image.length / 2 + 64);
        var base64 = Base64.getEncoder().encodeToString(image);
        assertThat(indexOf(backupBytes, chunk)).isNegative();
        assertThat(indexOf(backupBytes, base64.substring(base64.length() / 2, base64.length() / 2 + 64)
                .getBytes(StandardCharsets.US_ASCII))).isNegative();

        // restored with the same master key: the job's image reads back equal
        var restored = restore(backup, dataDir.resolve("images"), scratch.resolve("restored"));
        var env = new HashMap<>(TestServer.env(TestBackend.sqlite(restored), restored));
        try (var again = TestServer.start(env, clock)) {
            var response = again.sendForBytes(HttpRequest.newBuilder(URI.create(again.adminBase() + "/internal/v1/images/" + imageId))
                    .header("Authorization", "Bearer " + TestServer.ADMIN_TOKEN).GET().build());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(image);
            assertThat(again.app().services().jobs().find(smileJobId)).isPresent();
        }

        // with another master key the server refuses the installation, and the image does not open
        var otherKey = new byte[MasterKey.LENGTH];
        Arrays.fill(otherKey, (byte) 7);
        var elsewhere = restore(backup, dataDir.resolve("images"), scratch.resolve("elsewhere"));
        var otherEnv = new HashMap<>(TestServer.env(TestBackend.sqlite(elsewhere), elsewhere));
        otherEnv.put("VERDICT_MASTER_KEY", Base64.getEncoder().encodeToString(otherKey));
        assertThatThrownBy(() -> TestServer.start(otherEnv, clock).close()).hasMessageContaining("master key");
        var sealed = Files.readAllBytes(elsewhere.resolve("images").resolve(imageId.substring(0, 2)).resolve(imageId));
        var otherCipher = new ImageCipher(new Secrets(MasterKey.of(otherKey)).imageKeyWrappingKey());
        assertThatThrownBy(() -> otherCipher.open(imageId, sealed)).isInstanceOf(ImageCipher.UnreadableImageException.class);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
