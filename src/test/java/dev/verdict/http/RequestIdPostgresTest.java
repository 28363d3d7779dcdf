package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class RequestIdPostgresTest extends RequestIdTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
