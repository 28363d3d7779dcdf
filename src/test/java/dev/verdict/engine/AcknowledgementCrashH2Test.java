package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class AcknowledgementCrashH2Test extends AcknowledgementCrashTests {
    @Override
    TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
