package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class StrictJsonPostgresTest extends StrictJsonTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
