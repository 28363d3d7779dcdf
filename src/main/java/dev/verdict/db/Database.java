package dev.verdict.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;

/**
 * The connection pool and the only way to run SQL: every unit of work is one transaction. Work is
 * gated by a semaphore sized to the pool, because unbounded virtual threads queueing inside the
 * pool doubled tail latency in the stack probe.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Semaphore gate;
    private final Dialect dialect;

    public Database(String url, String user, String password, int poolSize) {
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
        config.setAutoCommit(false);
        config.setPoolName("verdict-db");
        config.setConnectionTimeout(10_000);
        this.dialect = Dialect.forUrl(url);
        this.dataSource = new HikariDataSource(config);
        this.gate = new Semaphore(poolSize, true);
    }

    public Dialect dialect() {
        return dialect;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in a transaction, committing when it returns and rolling back when it throws. */
    public <T> T inTransaction(Work<T> work) {
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

    /**
     * Runs read-only work in auto-commit mode: one round trip per query instead of a query plus a
     * COMMIT, which matters on PostgreSQL for the job_status path.
     */
    public <T> T read(Work<T> work) {
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
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            gate.release();
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
