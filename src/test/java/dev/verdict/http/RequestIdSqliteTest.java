package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class RequestIdSqliteTest extends RequestIdTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
