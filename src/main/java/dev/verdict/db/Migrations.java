package dev.verdict.db;

import org.flywaydb.core.Flyway;

/**
 * Applies the schema before the server takes traffic. Each database has its own history
 * ({@link Dialect#migrations()}), version for version: a migration is written once per database, and
 * SchemaParityTest fails when the two schemas disagree on a table, a column or an index.
 */
public final class Migrations {
    private Migrations() {}

    public static void migrate(Database database) {
        var dialect = database.dialect();
        Flyway.configure()
                .dataSource(database.dataSource())
                .locations(dialect.migrations())
                .placeholders(dialect.typePlaceholders())
                .loggers("slf4j")
                .load()
                .migrate();
    }
}
