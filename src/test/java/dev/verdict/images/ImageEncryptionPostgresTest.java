package dev.verdict.images;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class ImageEncryptionPostgresTest extends ImageEncryptionTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.postgres();
    }
}
