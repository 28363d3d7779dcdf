package dev.verdict.callbacks;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CallbackCrashPostgresTest extends CallbackCrashTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
