package dev.verdict.metrics;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class MetricsSqliteTest extends MetricsTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
