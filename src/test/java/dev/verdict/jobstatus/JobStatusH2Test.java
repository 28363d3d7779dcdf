package dev.verdict.jobstatus;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class JobStatusH2Test extends JobStatusTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
