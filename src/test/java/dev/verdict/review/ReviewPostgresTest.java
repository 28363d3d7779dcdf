package dev.verdict.review;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class ReviewPostgresTest extends ReviewTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
