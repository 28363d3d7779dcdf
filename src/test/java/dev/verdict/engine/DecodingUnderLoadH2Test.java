package dev.verdict.engine;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class DecodingUnderLoadH2Test extends DecodingUnderLoadTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
