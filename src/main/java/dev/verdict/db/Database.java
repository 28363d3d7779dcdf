package dev.verdict.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.verdict.files.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * The connection pool and the only way to run SQL: every unit of work is one transaction. Work is
 * gated by a semaphore sized to the pool, because unbounded virtual threads queueing inside the
 * pool doubled tail latency in the stack probe.
 *
 * <p>On SQLite every connection runs in WAL mode with {@code synchronous=FULL} by default (a commit
 * is on disk before it returns, so an acknowledged request survives SIGKILL and power loss), and a
 * transaction begins {@code IMMEDIATE}: it holds SQLite's one write lock from its first statement,
 * so a read-then-write can never fail half-way on a lock upgrade. Writers of this process queue on
 * a fair lock rather than in SQLite's sleeping busy handler; other processes (the operator CLI) wait
 * in the busy handler. Reads run in auto-commit and never wait for writers.
 */
public final class Database implements AutoCloseable {
    /** How long a write waits for another process (the CLI) holding SQLite's write lock. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 10_000;

    private final HikariDataSource dataSource;
    private final Semaphore gate;
    private final Dialect dialect;
    /** SQLite only: prepared statements kept per connection. */
    private final SqliteStatementCache statements;
    /** SQLite only: one write transaction of this process at a time. */
    private final ReentrantLock writer = new ReentrantLock(true);

    public Database(String url, String user, String password, int poolSize) {
        this(url, user, password, poolSize, Synchronous.FULL);
    }

    /** {@code synchronous} applies to SQLite only. */
    public Database(String url, String user, String password, int poolSize, Synchronous synchronous) {
        this.dialect = Dialect.forUrl(url);
        var config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setPoolName("verdict-db");
        config.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            createPrivately(sqliteFile(url));
            this.statements = new SqliteStatementCache();
            config.setAutoCommit(true); // transactions are opened with BEGIN IMMEDIATE, see inTransaction
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", synchronous.name());
            config.addDataSourceProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
            config.addDataSourceProperty("foreign_keys", "true");
            // deleted and overwritten content is zeroed in the file, not left in free space (erasure, retention)
            config.addDataSourceProperty("secure_delete", "true");
        } else {
            this.statements = null;
            config.setAutoCommit(false);
        }
        this.dataSource = new HikariDataSource(config);
        this.gate = new Semaphore(poolSize, true);
    }

    /** SQLite's {@code synchronous} setting: FULL syncs every commit to disk; NORMAL survives a process crash only. */
    public enum Synchronous { FULL, NORMAL }

    /** The database file a {@code jdbc:sqlite:} URL names. */
    static Path sqliteFile(String url) {
        var rest = url.substring("jdbc:sqlite:".length());
        var query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        return Path.of(rest).toAbsolutePath();
    }

    /**
     * Creates the database file (empty is a valid SQLite database) owner-only before SQLite opens it:
     * SQLite gives its WAL and shared-memory files the database file's permissions.
     */
    private static void createPrivately(Path file) {
        try {
            PrivateFiles.createOrRestrict(file);
            PrivateFiles.restrictIfExists(file.resolveSibling(file.getFileName() + "-wal"));
            PrivateFiles.restrictIfExists(file.resolveSibling(file.getFileName() + "-shm"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database file " + file, e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in a transaction, committing when it returns and rolling back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        if (dialect == Dialect.SQLITE) {
            return inSqliteTransaction(work);
        }
        return withConnection(connection -> {
            try {
                var result = work.run(connection);
                connection.commit();
                return result;
            } catch (Throwable t) {
                rollbackQuietly(connection, t);
                throw t;
            }
        });
    }

    private <T> T inSqliteTransaction(Work<T> work) {
        writer.lock();
        try {
            return withConnection(connection -> {
                try (var begin = connection.createStatement()) {
                    begin.execute("BEGIN IMMEDIATE");
                }
                try {
                    var result = work.run(connection);
                    try (var commit = connection.createStatement()) {
                        commit.execute("COMMIT");
                    }
                    return result;
                } catch (Throwable t) {
                    // also after a failed COMMIT: the pooled connection must not keep the transaction open
                    try (var rollback = connection.createStatement()) {
                        rollback.execute("ROLLBACK");
                    } catch (SQLException e) {
                        t.addSuppressed(e);
                    }
                    throw t;
                }
            });
        } finally {
            writer.unlock();
        }
    }

    /**
     * Runs read-only work in auto-commit mode: one round trip per query instead of a query plus a
     * COMMIT, which matters on PostgreSQL for the job_status path.
     */
    public <T> T read(Work<T> work) {
        if (dialect == Dialect.SQLITE) {
            return withConnection(work); // always auto-commit there
        }
        return withConnection(connection -> {
            connection.setAutoCommit(true);
            try {
                return work.run(connection);
            } finally {
                connection.setAutoCommit(false);
            }
        });
    }

    /** A pooled connection, taken only when the gate lets this caller in. */
    private <T> T withConnection(Work<T> work) {
        try {
            gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted while waiting for a connection", e);
        }
        try (var connection = dataSource.getConnection()) {
            return work.run(statements == null ? connection : statements.wrap(connection));
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            gate.release();
        }
    }

    /**
     * A consistent online copy of the SQLite database into {@code target} ({@code VACUUM INTO}: one
     * read transaction, so writers go on meanwhile and the copy is the database as of one instant).
     * The target must not exist; it is created owner-only (0600) first, its directory owner-only (0700)
     * when it is new. PostgreSQL is backed up with its own tools ({@code pg_dump}).
     */
    public void backupTo(Path target) {
        if (dialect != Dialect.SQLITE) {
            throw new IllegalStateException("only the embedded SQLite database is backed up by Verdict; use pg_dump");
        }
        var file = target.toAbsolutePath();
        if (Files.exists(file)) {
            throw new IllegalStateException("the backup file " + file + " exists already");
        }
        try {
            PrivateFiles.createOrRestrict(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the backup file " + file, e);
        }
        try {
            withConnection(connection -> {
                try (var vacuum = connection.prepareStatement("VACUUM INTO ?")) {
                    vacuum.setString(1, file.toString());
                    vacuum.execute();
                }
                return null;
            });
        } catch (RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Lets the pool publish its meters (connections active, idle, pending, acquire and usage times) to
     * {@code registry}, a Micrometer {@code MeterRegistry}: HikariCP's own Micrometer support.
     */
    public void publishPoolMetrics(Object registry) {
        dataSource.setMetricRegistry(registry);
    }

    /** Callers waiting at the gate for a connection right now (an estimate, for metrics). */
    public int waitingForGate() {
        return gate.getQueueLength();
    }

    /** Whether a trivial query answers in a transaction (the health check); false where it throws. */
    public boolean ping() {
        try {
            return inTransaction(c -> {
                try (var statement = c.createStatement(); var rs = statement.executeQuery("SELECT 1")) {
                    return rs.next();
                }
            });
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * SQLite: copies every committed page from the write-ahead log into the database file and
     * truncates the log, so that content an erasure overwrote (zeroed by {@code secure_delete}) no
     * longer survives in older log frames. Nothing to do on PostgreSQL (see docs/privacy.md).
     * Returns false when readers kept the checkpoint from completing.
     */
    public boolean checkpoint() {
        if (dialect != Dialect.SQLITE) {
            return true;
        }
        writer.lock();
        try {
            return withConnection(connection -> {
                try (var statement = connection.createStatement();
                        var rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                    return rs.next() && rs.getInt(1) == 0;
                }
            });
        } finally {
            writer.unlock();
        }
    }

    /** A transaction with no result. */
    public void run(VoidWork work) {
        inTransaction(connection -> {
            work.run(connection);
            return null;
        });
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    public interface VoidWork {
        void run(Connection connection) throws SQLException;
    }
}
