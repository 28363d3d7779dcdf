package dev.verdict.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Claiming rows with a lease, the one way background work is shared between nodes: on PostgreSQL
 * one {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)}; on SQLite (one writer
 * at a time, no SKIP LOCKED) a select followed by a version-checked update per row, where losing a
 * race just skips the row. Tables need {@code id}, {@code version}, {@code claimed_by}, {@code lease_until}
 * and {@code updated_at} columns.
 */
public final class Leases {
    private Leases() {}

    /** Binds the parameters of a ready condition, starting at the given index; returns the next index. */
    @FunctionalInterface
    public interface Binder {
        int bind(PreparedStatement statement, int index) throws SQLException;
    }

    /**
     * Claims up to {@code max} rows of {@code table} that satisfy {@code ready}, the first in
     * {@code order}, for {@code owner} until {@code now + lease}; {@code extraSet} (e.g.
     * {@code ", attempts = attempts + 1"}) is applied too. {@code order} should be what an index on
     * the ready condition is ordered by, so a claim reads a few index entries however long the queue
     * (ordered by anything else, every ready row is read and sorted on each claim). Returns the
     * claimed ids in ascending order.
     */
    public static List<Long> claim(Connection c, Dialect dialect, String table, String ready, String order,
            Binder binder, String extraSet, String owner, int max, Instant now, Duration lease) throws SQLException {
        var set = "claimed_by = ?, lease_until = ?, version = version + 1, updated_at = ?" + extraSet;
        var ids = new ArrayList<Long>();
        if (dialect == Dialect.POSTGRESQL) {
            try (var update = c.prepareStatement("UPDATE " + table + " SET " + set + " WHERE id IN (SELECT id FROM "
                    + table + " WHERE " + ready + " ORDER BY " + order + " FOR UPDATE SKIP LOCKED LIMIT ?) RETURNING id")) {
                var i = bindClaim(update, owner, now, lease);
                i = binder.bind(update, i);
                update.setInt(i, max);
                try (var rs = update.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            ids.sort(null);
            return ids;
        }
        var candidates = new ArrayList<long[]>();
        try (var select = c.prepareStatement("SELECT id, version FROM " + table + " WHERE " + ready
                + " ORDER BY " + order + " LIMIT ?")) {
            var i = binder.bind(select, 1);
            select.setInt(i, max);
            try (var rs = select.executeQuery()) {
                while (rs.next()) {
                    candidates.add(new long[] {rs.getLong(1), rs.getLong(2)});
                }
            }
        }
        for (var candidate : candidates) {
            try (var update = c.prepareStatement("UPDATE " + table + " SET " + set + " WHERE id = ? AND version = ?")) {
                var i = bindClaim(update, owner, now, lease);
                update.setLong(i++, candidate[0]);
                update.setLong(i, candidate[1]);
                if (update.executeUpdate() == 1) {
                    ids.add(candidate[0]);
                }
            }
        }
        return ids;
    }

    private static int bindClaim(PreparedStatement statement, String owner, Instant now, Duration lease)
            throws SQLException {
        statement.setString(1, owner);
        Jdbc.setInstant(statement, 2, now.plus(lease));
        Jdbc.setInstant(statement, 3, now);
        return 4;
    }
}
