package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class RateLimitPartnerPostgresTest extends RateLimitPartnerTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
