package dev.verdict.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two migration histories (SQLite and PostgreSQL) must build the same schema: the same tables,
 * columns, nullability and indexes (by name and columns). A migration written for one database and
 * forgotten for the other fails here.
 */
class SchemaParityTest {
    private static final Set<String> INTERNAL = Set.of("flyway_schema_history", "sqlite_sequence");

    @Test
    void sqliteAndPostgresqlMigrationsBuildTheSameSchema(@TempDir Path dir) throws Exception {
        Map<String, String> sqlite;
        try (var database = new Database("jdbc:sqlite:" + dir.resolve("parity.db"), null, null, 2)) {
            Migrations.migrate(database);
            sqlite = database.read(c -> describe(c.getMetaData(), null));
        }
        Map<String, String> postgres;
        try (var backend = TestBackend.postgres();
                var database = new Database(backend.env().get("VERDICT_DB_URL"), TestBackend.PG_USER, null, 2)) {
            Migrations.migrate(database);
            postgres = database.read(c -> describe(c.getMetaData(), "public"));
        }
        assertThat(sqlite).isNotEmpty().containsKey("table jobs");
        assertThat(sqlite).isEqualTo(postgres);
    }

    /** Tables with their columns and nullability, primary keys, unique constraints and indexes. */
    private static Map<String, String> describe(DatabaseMetaData meta, String schema) throws SQLException {
        var schemaObjects = new TreeMap<String, String>();
        var tables = new TreeSet<String>();
        try (var rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                var table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!INTERNAL.contains(table)) {
                    tables.add(table);
                }
            }
        }
        for (var table : tables) {
            var primaryKey = new ArrayList<String>();
            try (var rs = meta.getPrimaryKeys(null, schema, table)) {
                while (rs.next()) {
                    primaryKey.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            var columns = new TreeSet<String>();
            try (var rs = meta.getColumns(null, schema, table, "%")) {
                while (rs.next()) {
                    var column = rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT);
                    // SQLite reports an INTEGER PRIMARY KEY as nullable; no primary key column is
                    columns.add(column + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls
                            || primaryKey.contains(column) ? " not null" : ""));
                }
            }
            schemaObjects.put("table " + table, String.join(", ", columns));
            schemaObjects.put("primary key " + table, String.join(" ", new TreeSet<>(primaryKey)));
            var indexColumns = new TreeMap<String, List<String>>();
            var uniqueIndexes = new TreeSet<String>();
            try (var rs = meta.getIndexInfo(null, schema, table, false, false)) {
                while (rs.next()) {
                    var name = rs.getString("INDEX_NAME");
                    if (name != null) {
                        indexColumns.computeIfAbsent(name, n -> new ArrayList<>())
                                .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        if (!rs.getBoolean("NON_UNIQUE")) {
                            uniqueIndexes.add(name);
                        }
                    }
                }
            }
            indexColumns.forEach((name, indexed) -> {
                if (new TreeSet<>(indexed).equals(new TreeSet<>(primaryKey))) {
                    return; // the primary key's own index
                }
                if (uniqueIndexes.contains(name)) {
                    // unique constraints: SQLite names their indexes itself, so compare by columns
                    schemaObjects.put("unique " + table + ": " + String.join(" ", indexed), "");
                } else {
                    schemaObjects.put("index " + name.toLowerCase(Locale.ROOT), table + ": " + String.join(" ", indexed));
                }
            });
        }
        return schemaObjects;
    }
}
