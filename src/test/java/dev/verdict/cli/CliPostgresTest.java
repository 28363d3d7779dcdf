package dev.verdict.cli;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CliPostgresTest extends CliTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
