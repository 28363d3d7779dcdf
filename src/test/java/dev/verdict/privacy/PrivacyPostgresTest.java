package dev.verdict.privacy;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class PrivacyPostgresTest extends PrivacyTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
