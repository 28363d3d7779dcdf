package dev.verdict.privacy;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class LogPrivacySqliteTest extends LogPrivacyTests {
    @Override
    TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
