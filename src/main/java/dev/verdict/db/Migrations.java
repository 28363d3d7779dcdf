package dev.verdict.db;

import org.flywaydb.core.Flyway;

/**
 * Applies the schema before the server takes traffic: one history (db/migration/common) for both
 * databases, the few column types that differ filled in from {@link Dialect} placeholders.
 */
public final class Migrations {
    private Migrations() {}

    public static void migrate(Database database) {
        var dialect = database.dialect();
        Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration/common")
                .placeholders(dialect.typePlaceholders())
                .loggers("slf4j")
                .load()
                .migrate();
    }
}
