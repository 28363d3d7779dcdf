package dev.verdict.intake;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class SdkSurfacePostgresTest extends SdkSurfaceTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
