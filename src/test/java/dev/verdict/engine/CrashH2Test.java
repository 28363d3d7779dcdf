package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CrashH2Test extends CrashTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
