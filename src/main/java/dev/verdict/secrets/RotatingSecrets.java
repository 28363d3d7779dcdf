package dev.verdict.secrets;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * Per-partner secrets that rotate with an overlap: 32 random bytes each, encrypted at rest under the
 * master key and bound to their row; up to {@link #MAX_ACTIVE} active at once, so a partner can take
 * a new one into use before the older is revoked. Plaintext exists only in what these methods return.
 * Each method works inside the caller's transaction.
 */
public final class RotatingSecrets {
    /** The newest secret and the one it replaces: enough to rotate without downtime. */
    public static final int MAX_ACTIVE = 2;

    private final SecretKind kind;
    private final KeyCipher cipher;
    private final InstantSource clock;
    private final RotatingSecretStore store;
    private final SecureRandom random = new SecureRandom();

    public RotatingSecrets(SecretKind kind, KeyCipher cipher, InstantSource clock) {
        this.kind = kind;
        this.cipher = cipher;
        this.clock = clock;
        this.store = new RotatingSecretStore(kind);
    }

    /** One secret in plain text, with the id of its row. */
    public record Secret(long id, String value) {}

    /** Creates an active secret. */
    public Secret issue(Connection c, long partnerId) throws SQLException {
        var bytes = new byte[32];
        random.nextBytes(bytes);
        return store(c, partnerId, kind.format(bytes));
    }

    /**
     * Stores a secret generated elsewhere (a legacy RSA private key) as an active one, sealed like
     * the random ones.
     */
    public Secret store(Connection c, long partnerId, String value) throws SQLException {
        var id = store.insertRow(c, partnerId, clock.instant());
        store.setCiphertext(c, id, cipher.encrypt(value.getBytes(StandardCharsets.UTF_8), kind.associatedData(partnerId, id)));
        return new Secret(id, value);
    }

    /** Adds a secret while the older ones stay active; empty when {@link #MAX_ACTIVE} are active already. */
    public Optional<Secret> rotate(Connection c, long partnerId) throws SQLException {
        if (store.active(c, partnerId).size() >= MAX_ACTIVE) {
            return Optional.empty();
        }
        return Optional.of(issue(c, partnerId));
    }

    /** Revokes every active secret but the newest; returns how many. */
    public int revokeAllButNewest(Connection c, long partnerId) throws SQLException {
        var active = store.active(c, partnerId);
        var revoked = 0;
        for (var secret : active.subList(Math.min(1, active.size()), active.size())) {
            revoked += store.revoke(c, secret.id(), clock.instant());
        }
        return revoked;
    }

    /** The active secrets, decrypted, newest first. */
    public List<Secret> active(Connection c, long partnerId) throws SQLException {
        return store.active(c, partnerId).stream()
                .map(s -> new Secret(s.id(), new String(cipher.decrypt(s.ciphertext(),
                        kind.associatedData(partnerId, s.id())), StandardCharsets.UTF_8)))
                .toList();
    }
}
