package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CrashSqliteTest extends CrashTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
