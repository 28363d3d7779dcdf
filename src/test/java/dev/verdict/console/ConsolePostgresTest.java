package dev.verdict.console;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class ConsolePostgresTest extends ConsoleTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
