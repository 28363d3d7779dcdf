package dev.verdict.cli;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run without the server's environment, an operator command finds no installation where it looks:
 * it says so instead of quietly creating a database and master key of its own, unless given
 * {@code --init}. (The embedded default database; PostgreSQL lives outside the data directory.)
 */
class CliDataDirectoryTest {
    @TempDir
    Path parent;

    private record Run(int exit, String out, List<String> err) {}

    private static Run cli(Path dataDir, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var exit = Cli.run(args, Map.of("VERDICT_DATA_DIR", dataDir.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void aCommandRefusesToCreateANewDataDirectory() throws Exception {
        var absent = parent.resolve("absent");
        var run = cli(absent, "partner", "list");
        assertThat(run.exit()).as(run.err().toString()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).containsExactly("verdict: no Verdict installation in data directory " + absent
                + " (no database, no master key); run with the server's configuration (VERDICT_DATA_DIR and the rest),"
                + " or add --init to create a new one there");
        assertThat(absent).doesNotExist();

        var empty = Files.createDirectory(parent.resolve("empty")); // a directory that is not Verdict's
        assertThat(cli(empty, "partner", "create", "--name", "Lost").exit()).isEqualTo(Cli.FAILED);
        try (var entries = Files.list(empty)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void initCreatesOneAndLaterCommandsUseIt() throws Exception {
        var dataDir = parent.resolve("new");
        var created = cli(dataDir, "partner", "create", "--name", "First", "--init");
        assertThat(created.exit()).as(created.err().toString()).isEqualTo(Cli.OK);
        assertThat(created.out().lines()).hasSize(1);
        var partnerId = json(created.out()).get("partner_id").asText();
        assertThat(created.err()).containsExactly("verdict: data directory " + dataDir + " (new: created by --init)");
        assertThat(dataDir.resolve("master.key")).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");

        var listed = cli(dataDir, "partner", "list");
        assertThat(listed.exit()).as(listed.err().toString()).isEqualTo(Cli.OK);
        assertThat(json(listed.out()).get("partner_id").asText()).isEqualTo(partnerId);
        assertThat(listed.err()).containsExactly("verdict: data directory " + dataDir);
    }
}
