package dev.verdict.cli;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CliH2Test extends CliTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
