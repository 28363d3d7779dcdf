package dev.verdict.callbacks;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class CallbackH2Test extends CallbackTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
