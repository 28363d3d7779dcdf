package dev.verdict;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class FoundationPostgresTest extends FoundationTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
