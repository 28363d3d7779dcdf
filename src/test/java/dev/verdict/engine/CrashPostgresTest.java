package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CrashPostgresTest extends CrashTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
