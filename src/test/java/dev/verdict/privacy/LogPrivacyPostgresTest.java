package dev.verdict.privacy;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class LogPrivacyPostgresTest extends LogPrivacyTests {
    @Override
    TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
