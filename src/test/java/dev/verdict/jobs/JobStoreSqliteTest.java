package dev.verdict.jobs;

import dev.verdict.db.Database;
import java.nio.file.Path;

class JobStoreSqliteTest extends JobStoreTests {
    @Override
    protected Database open(Path dir) {
        return new Database("jdbc:sqlite:" + dir.resolve("jobs.db"), null, null, 2);
    }
}
