package dev.verdict.archfixture.a;

import dev.verdict.archfixture.b.FooStore;
import io.helidon.http.Status;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Fixture for ArchitectureTest, breaking each rule once: feature a uses feature b's store, runs SQL
 * outside a store, and uses the web framework outside the http package.
 */
public final class ReachesAcross {
    private ReachesAcross() {}

    public static int countFromAnotherFeature() {
        return new FooStore().count();
    }

    public static void sqlOutsideAStore(Connection c) throws SQLException {
        try (var select = c.prepareStatement("SELECT 1")) {
            select.execute();
        }
    }

    public static int webFrameworkOutsideHttp() {
        return Status.OK_200.code();
    }
}
