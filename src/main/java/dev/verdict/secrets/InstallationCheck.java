package dev.verdict.secrets;

import dev.verdict.db.Database;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Proves at start that the configured master key is the one the database was created with: the
 * first start seals a known value; every later start must open it. Without this a wrong key would
 * only surface as failed signatures much later.
 */
public final class InstallationCheck {
    private static final String AD = "verdict installation check";
    private static final byte[] PROOF = "verdict".getBytes(StandardCharsets.US_ASCII);

    private InstallationCheck() {}

    /** @throws IllegalStateException with an operator-facing message when the key does not match. */
    public static void verifyOrRecord(Database database, Secrets secrets, Instant now) {
        var cipher = secrets.apiKeyCipher();
        database.run(connection -> {
            var sealed = InstallationStore.masterKeyCheck(connection);
            if (sealed.isEmpty()) {
                // Nodes started together on an empty database all get here; one proof is kept, and
                // every node, the one whose proof was kept included, checks its key against that one.
                InstallationStore.insertIfAbsent(connection, cipher.encrypt(PROOF, AD), now);
                sealed = InstallationStore.masterKeyCheck(connection);
            }
            try {
                cipher.decrypt(sealed.orElseThrow(), AD);
            } catch (KeyCipher.WrongKeyException e) {
                throw new IllegalStateException("The master key does not match the one this database was"
                        + " created with. Start with the original VERDICT_MASTER_KEY (or master.key file).");
            }
        });
    }
}
