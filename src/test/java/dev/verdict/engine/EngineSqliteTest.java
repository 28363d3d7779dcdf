package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class EngineSqliteTest extends EngineTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
