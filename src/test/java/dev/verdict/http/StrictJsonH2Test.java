package dev.verdict.http;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class StrictJsonH2Test extends StrictJsonTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
