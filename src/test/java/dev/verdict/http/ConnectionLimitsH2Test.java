package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class ConnectionLimitsH2Test extends ConnectionLimitsTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
