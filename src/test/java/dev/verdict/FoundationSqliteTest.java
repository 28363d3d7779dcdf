package dev.verdict;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class FoundationSqliteTest extends FoundationTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
