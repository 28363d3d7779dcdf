package dev.verdict.jobstatus;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class JobStatusSqliteTest extends JobStatusTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
