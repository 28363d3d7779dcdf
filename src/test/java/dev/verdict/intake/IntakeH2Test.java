package dev.verdict.intake;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class IntakeH2Test extends IntakeTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.h2(dataDir);
    }
}
