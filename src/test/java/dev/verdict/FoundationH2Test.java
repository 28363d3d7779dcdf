package dev.verdict;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class FoundationH2Test extends FoundationTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
