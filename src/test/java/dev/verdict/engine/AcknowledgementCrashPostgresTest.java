package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class AcknowledgementCrashPostgresTest extends AcknowledgementCrashTests {
    @Override
    TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
