package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class EngineH2Test extends EngineTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
