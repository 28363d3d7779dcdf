package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class AcknowledgementCrashSqliteTest extends AcknowledgementCrashTests {
    @Override
    TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
