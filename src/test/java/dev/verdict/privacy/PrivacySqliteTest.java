package dev.verdict.privacy;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class PrivacySqliteTest extends PrivacyTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
