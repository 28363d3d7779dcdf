package dev.verdict.db;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's prepared statements per physical connection. sqlite-jdbc parses and plans every
 * {@code prepareStatement} anew and reads the column names back over JNI, which cost as much as running
 * the job_status query itself (measured with JFR); PostgreSQL's driver and H2 cache plans on their own.
 *
 * <p>Only {@code prepareStatement(String)} is cached. Its statement is prepared on the physical
 * connection (so the pool does not close it when the connection is returned), and {@code close()} on
 * what the caller gets returns it to the cache instead of closing it. A pooled connection is used by one
 * thread at a time, so each connection's map needs no lock of its own.
 */
final class SqliteStatementCache {
    private static final int PER_CONNECTION = 64;

    private final Map<SQLiteConnection, Map<String, PreparedStatement>> byConnection =
            Collections.synchronizedMap(new WeakHashMap<>());

    /** The pooled connection, with {@code prepareStatement(String)} answered from the cache. */
    Connection wrap(Connection pooled) throws SQLException {
        var physical = pooled.unwrap(SQLiteConnection.class);
        var statements = byConnection.computeIfAbsent(physical, c -> new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() > PER_CONNECTION) {
                    closeQuietly(eldest.getValue());
                    return true;
                }
                return false;
            }
        });
        var inUse = Collections.newSetFromMap(new IdentityHashMap<PreparedStatement, Boolean>());
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                var sql = (String) args[0];
                var statement = statements.get(sql);
                if (statement != null && inUse.contains(statement)) {
                    return invoke(pooled, method, args); // the same SQL open twice at once: a fresh one
                }
                if (statement == null || statement.isClosed()) {
                    statement = physical.prepareStatement(sql);
                    statements.put(sql, statement);
                }
                inUse.add(statement);
                return reusable(statement, inUse);
            }
            return invoke(pooled, method, args);
        };
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    /** What the caller closes: the statement stays prepared for the next caller. */
    private static PreparedStatement reusable(PreparedStatement statement, Set<PreparedStatement> inUse) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && (args == null || args.length == 0)) {
                // back to the cache as it is: every caller binds every parameter before executing, and
                // sqlite-jdbc's clearParameters() cost two thirds of a cached lookup (measured)
                inUse.remove(statement);
                return null;
            }
            return invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // the connection is going away, or the statement already went
        }
    }
}
