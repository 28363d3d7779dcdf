package dev.verdict.testing;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database for one test class: a SQLite file under a temporary directory, or a fresh PostgreSQL
 * database created on the local server (dropped afterwards). PostgreSQL tests skip loudly when no
 * server is reachable, unless VERDICT_TEST_REQUIRE_PG=true (as in .ci/run), where they fail.
 */
public interface TestBackend extends AutoCloseable {
    String ADMIN_URL = System.getenv().getOrDefault("VERDICT_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String PG_USER = System.getenv().getOrDefault("VERDICT_TEST_PG_USER", "postgres");

    String name();

    /** VERDICT_* settings selecting this database. */
    Map<String, String> env();

    @Override
    void close();

    static TestBackend sqlite(Path dataDir) {
        return new TestBackend() {
            @Override
            public String name() {
                return "SQLite";
            }

            @Override
            public Map<String, String> env() {
                return Map.of("VERDICT_DATA_DIR", dataDir.toString());
            }

            @Override
            public void close() {}
        };
    }

    static TestBackend postgres() {
        var dbName = "verdict_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (var c = DriverManager.getConnection(ADMIN_URL, PG_USER, null); var s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName);
        } catch (SQLException e) {
            var message = "PostgreSQL not reachable at " + ADMIN_URL + " (" + e.getMessage() + ")";
            if (Boolean.parseBoolean(System.getenv("VERDICT_TEST_REQUIRE_PG"))) {
                throw new IllegalStateException(message + " and VERDICT_TEST_REQUIRE_PG=true", e);
            }
            System.err.println("!!!!! SKIPPING POSTGRESQL TESTS: " + message + " !!!!!");
            Assumptions.abort(message);
        }
        var url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + dbName;
        return new TestBackend() {
            @Override
            public String name() {
                return "PostgreSQL";
            }

            @Override
            public Map<String, String> env() {
                var env = new HashMap<String, String>();
                env.put("VERDICT_DB_URL", url);
                env.put("VERDICT_DB_USER", PG_USER);
                env.put("VERDICT_IMAGE_STORE", "database");
                return env;
            }

            @Override
            public void close() {
                try (var c = DriverManager.getConnection(ADMIN_URL, PG_USER, null); var s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
                } catch (SQLException e) {
                    System.err.println("could not drop test database " + dbName + ": " + e.getMessage());
                }
            }
        };
    }
}
