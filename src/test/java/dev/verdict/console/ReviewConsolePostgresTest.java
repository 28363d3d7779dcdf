package dev.verdict.console;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class ReviewConsolePostgresTest extends ReviewConsoleTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
