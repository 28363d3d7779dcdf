package dev.verdict.signing;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class LegacySecKeyRequestsPostgresTest extends LegacySecKeyRequestsTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
