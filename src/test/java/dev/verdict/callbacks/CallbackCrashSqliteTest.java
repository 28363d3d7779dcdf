package dev.verdict.callbacks;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CallbackCrashSqliteTest extends CallbackCrashTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
