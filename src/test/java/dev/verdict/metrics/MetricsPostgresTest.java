package dev.verdict.metrics;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class MetricsPostgresTest extends MetricsTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
