package dev.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.ChildProcesses;
import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the embedded default exposes: a server process on SQLite listens on exactly its three
 * configured ports (the database opens none), and the database files are readable by their owner alone.
 */
@StartsProcesses
class EmbeddedExposureTest {
    @Test
    void theServerListensOnItsThreePortsOnlyAndTheDatabaseFilesArePrivate(@TempDir Path dataDir) throws Exception {
        try (var backend = TestBackend.sqlite(dataDir)) {
            var env = new HashMap<>(TestServer.env(backend, dataDir));
            try (var server = ServerProcess.start(env)) {
                var partner = server.demoCredentials(); // first start done: the database has been written
                assertThat(partner.get("partner_id").asText()).isNotBlank();
                // the operator CLI shares the file while the server runs: no port is needed for that either
                var cli = new ProcessBuilder(ChildProcesses.java(), "-cp",
                        System.getProperty("java.class.path"), Main.class.getName(), "partner", "list")
                        .redirectErrorStream(true);
                cli.environment().putAll(env);
                var listing = ChildProcesses.start(cli);
                var output = new String(listing.getInputStream().readAllBytes());
                assertThat(listing.waitFor()).as(output).isZero();
                assertThat(output).contains(partner.get("partner_id").asText());

                assertThat(listeningPorts(server.pid())).containsExactlyInAnyOrder(
                        Integer.parseInt(env.get("VERDICT_HTTP_PORT")), Integer.parseInt(env.get("VERDICT_HTTPS_PORT")),
                        Integer.parseInt(env.get("VERDICT_ADMIN_PORT")));
                var health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + env.get("VERDICT_ADMIN_PORT") + "/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);

                var db = dataDir.resolve("db");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
                try (var files = Files.list(db)) {
                    var names = new HashSet<String>();
                    files.forEach(file -> {
                        names.add(file.getFileName().toString());
                        try {
                            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                                    .isEqualTo("rw-------");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    assertThat(names).contains("verdict.db", "verdict.db-wal");
                }
            }
        }
    }

    /** TCP ports in LISTEN state whose sockets this process holds (Linux /proc). */
    private static Set<Integer> listeningPorts(long pid) throws Exception {
        var inodes = new HashSet<String>();
        try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds.forEach(fd -> {
                try {
                    var target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            });
        }
        var ports = new HashSet<Integer>();
        for (var table : new String[] {"tcp", "tcp6"}) {
            var lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "net", table));
            for (var line : lines.subList(1, lines.size())) {
                var fields = line.trim().split("\\s+");
                if (fields[3].equals("0A") && inodes.contains(fields[9])) { // 0A = LISTEN
                    ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
                }
            }
        }
        return ports;
    }
}
