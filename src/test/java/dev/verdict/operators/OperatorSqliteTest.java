package dev.verdict.operators;

import dev.verdict.db.Database;
import java.nio.file.Path;

class OperatorSqliteTest extends OperatorTests {
    @Override
    protected Database open(Path dir) {
        return new Database("jdbc:sqlite:" + dir.resolve("operators.db"), null, null, 2);
    }
}
