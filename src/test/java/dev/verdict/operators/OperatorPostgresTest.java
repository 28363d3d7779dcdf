package dev.verdict.operators;

import dev.verdict.db.Database;
import dev.verdict.testing.TestBackend;
import java.nio.file.Path;

class OperatorPostgresTest extends OperatorTests {
    private TestBackend backend;

    @Override
    protected Database open(Path dir) {
        backend = TestBackend.postgres();
        return new Database(backend.env().get("VERDICT_DB_URL"), TestBackend.PG_USER, null, 2);
    }

    @Override
    protected void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }
}
