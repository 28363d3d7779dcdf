package dev.verdict.callbacks;

import dev.verdict.db.Database;
import dev.verdict.secrets.KeyCipher;
import dev.verdict.secrets.RotatingSecrets;
import dev.verdict.secrets.SecretKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;

/**
 * Per-partner Standard Webhooks secrets ({@code whsec_} + base64 of 32 random bytes), rotating
 * secrets like API keys. Up to two are active: during a rotation callbacks carry a signature for
 * each, so a receiver can switch secrets without missing one.
 */
public final class WebhookSecrets {
    public static final String PREFIX = SecretKind.WEBHOOK_SECRET.prefix();

    private final Database database;
    private final RotatingSecrets secrets;

    public WebhookSecrets(Database database, KeyCipher cipher, InstantSource clock) {
        this.database = database;
        this.secrets = new RotatingSecrets(SecretKind.WEBHOOK_SECRET, cipher, clock);
    }

    /** The partner's active secrets, newest first; one is created on first use. */
    public List<String> active(long partnerId) {
        return database.inTransaction(c -> active(c, partnerId));
    }

    /** The same, inside the caller's transaction (the dispatcher's claim). */
    List<String> active(Connection c, long partnerId) throws SQLException {
        var active = secrets.active(c, partnerId);
        if (active.isEmpty()) {
            return List.of(secrets.issue(c, partnerId).value());
        }
        return active.stream().map(RotatingSecrets.Secret::value).toList();
    }

    /** Adds a secret (the older one keeps signing until revoked) and returns it. */
    public String rotate(long partnerId) {
        return database.inTransaction(c -> secrets.rotate(c, partnerId)
                .orElseThrow(() -> new IllegalStateException("partner " + partnerId + " already has two webhook secrets;"
                        + " run 'partner revoke-webhook-secret' first"))
                .value());
    }

    /** Revokes every active secret but the newest; returns how many. */
    public int revokeOlder(long partnerId) {
        return database.inTransaction(c -> secrets.revokeAllButNewest(c, partnerId));
    }
}
