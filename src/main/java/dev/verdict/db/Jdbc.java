package dev.verdict.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * The one place instants cross JDBC: always UTC, to the microsecond (PostgreSQL's precision). On
 * PostgreSQL a {@code timestamptz}; on SQLite, which has no time type, fixed-width ISO-8601 text, so
 * that comparing and ordering the text compares and orders the instants.
 */
public final class Jdbc {
    private static final DateTimeFormatter SQLITE_INSTANT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.MICRO_OF_SECOND, 6, 6, true)
            .appendLiteral('Z').toFormatter().withZone(ZoneOffset.UTC);

    private Jdbc() {}

    public static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
        if (instant == null) {
            statement.setObject(index, null);
        } else if (Dialect.of(statement) == Dialect.SQLITE) {
            statement.setString(index, SQLITE_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS)));
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    public static Instant getInstant(ResultSet rs, String column) throws SQLException {
        if (Dialect.of(rs) == Dialect.SQLITE) {
            var text = rs.getString(column);
            return text == null ? null : Instant.parse(text);
        }
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
