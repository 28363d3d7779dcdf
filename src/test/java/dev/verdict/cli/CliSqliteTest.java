package dev.verdict.cli;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CliSqliteTest extends CliTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
