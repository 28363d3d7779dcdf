package dev.verdict;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.ServerProcess;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestBackend;
import dev.verdict.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes of one installation are started together (a deployment, a restart of the fleet): on an empty
 * PostgreSQL database both race through the migrations and the installation row, and both must start.
 */
@StartsProcesses
class SimultaneousStartPostgresTest {
    private static final int ROUNDS = Integer.getInteger("verdict.simultaneous.rounds", 3);

    @Test
    void twoNodesStartingAtTheSameInstantOnAnEmptyDatabaseBothStart(@TempDir Path dir) throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                try (var backend = TestBackend.postgres()) {
                    var barrier = new CyclicBarrier(2);
                    var starts = new ArrayList<Future<ServerProcess>>();
                    for (var node : List.of("a", "b")) {
                        var dataDir = Files.createDirectories(dir.resolve("round-" + round + "-" + node));
                        var env = TestServer.env(backend, dataDir);
                        starts.add(starters.submit(() -> {
                            barrier.await(30, TimeUnit.SECONDS);
                            return ServerProcess.start(env);
                        }));
                    }
                    var started = new ArrayList<ServerProcess>();
                    var failures = new ArrayList<String>();
                    for (var start : starts) {
                        try {
                            started.add(start.get(120, TimeUnit.SECONDS));
                        } catch (java.util.concurrent.ExecutionException e) {
                            failures.add(String.valueOf(e.getCause().getMessage()));
                        }
                    }
                    try {
                        assertThat(failures).as("round %d: nodes that did not start", round).isEmpty();
                        for (var node : started) {
                            assertThat(node.api().adminGet("/health").statusCode()).isEqualTo(200);
                        }
                    } finally {
                        started.forEach(ServerProcess::close);
                    }
                }
            }
        } finally {
            starters.shutdownNow();
        }
    }
}
