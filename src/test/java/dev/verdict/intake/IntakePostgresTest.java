package dev.verdict.intake;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class IntakePostgresTest extends IntakeTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
