package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class RateLimitAddressPostgresTest extends RateLimitAddressTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
