package dev.verdict.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class with one real server on one database, started before its tests and stopped after:
 * subclasses choose the backend (SQLite or PostgreSQL) and may adjust the server's settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServerTestBase {
    protected Path dataDir;
    protected TestBackend backend;
    protected TestServer server;
    protected final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T12:00:00Z"));

    protected abstract TestBackend backend(Path dataDir);

    /** Settings this class's server starts with, on top of {@link TestServer#env}. */
    protected void configure(Map<String, String> env) {}

    /** Runs once the server is up (create partners and the like). */
    protected void started() throws Exception {}

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        dataDir = dir;
        backend = backend(dataDir);
        var env = new HashMap<>(TestServer.env(backend, dataDir));
        configure(env);
        server = TestServer.start(env, clock);
        started();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    /** Waits (in real time, at most 20 s) for something the server does in the background. */
    protected static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        Poll.until(Duration.ofSeconds(20), condition::getAsBoolean, what);
    }
}
