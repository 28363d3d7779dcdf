package dev.verdict.intake;

import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class BoundedMemorySqliteTest extends BoundedMemoryTests {
    @Override
    protected TestBackend backend(Path dataDir) {
        return TestBackend.sqlite(dataDir);
    }
}
