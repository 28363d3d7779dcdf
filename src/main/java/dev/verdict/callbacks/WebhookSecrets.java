package dev.verdict.callbacks;

import dev.verdict.db.Database;
import dev.verdict.db.Jdbc;
import dev.verdict.secrets.KeyCipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Per-partner Standard Webhooks secrets ({@code whsec_} + base64 of 32 random bytes), encrypted at
 * rest like API keys. Up to two are active: during a rotation callbacks carry a signature for each,
 * so a receiver can switch secrets without missing one.
 */
public final class WebhookSecrets {
    public static final String PREFIX = "whsec_";
    private static final int MAX_ACTIVE = 2;

    private final Database database;
    private final KeyCipher cipher;
    private final InstantSource clock;
    private final SecureRandom random = new SecureRandom();

    public WebhookSecrets(Database database, KeyCipher cipher, InstantSource clock) {
        this.database = database;
        this.cipher = cipher;
        this.clock = clock;
    }

    /** The partner's active secrets, newest first; one is created on first use. */
    public List<String> active(long partnerId) {
        return database.inTransaction(c -> {
            var secrets = load(c, partnerId);
            if (secrets.isEmpty()) {
                secrets = List.of(create(c, partnerId));
            }
            return secrets;
        });
    }

    /** Adds a secret (the older one keeps signing until revoked) and returns it. */
    public String rotate(long partnerId) {
        return database.inTransaction(c -> {
            if (load(c, partnerId).size() >= MAX_ACTIVE) {
                throw new IllegalStateException("partner " + partnerId + " already has two webhook secrets;"
                        + " run 'partner revoke-webhook-secret' first");
            }
            return create(c, partnerId);
        });
    }

    /** Revokes every active secret but the newest; returns how many. */
    public int revokeOlder(long partnerId) {
        return database.inTransaction(c -> {
            var ids = new ArrayList<Long>();
            try (var select = c.prepareStatement(
                    "SELECT id FROM webhook_secrets WHERE partner_id = ? AND status = 'ACTIVE' ORDER BY id DESC")) {
                select.setLong(1, partnerId);
                try (var rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
            var revoked = 0;
            for (var id : ids.subList(Math.min(1, ids.size()), ids.size())) {
                try (var update = c.prepareStatement(
                        "UPDATE webhook_secrets SET status = 'REVOKED', revoked_at = ? WHERE id = ?")) {
                    Jdbc.setInstant(update, 1, clock.instant());
                    update.setLong(2, id);
                    revoked += update.executeUpdate();
                }
            }
            return revoked;
        });
    }

    private List<String> load(Connection c, long partnerId) throws SQLException {
        try (var select = c.prepareStatement(
                "SELECT id, ciphertext FROM webhook_secrets WHERE partner_id = ? AND status = 'ACTIVE' ORDER BY id DESC")) {
            select.setLong(1, partnerId);
            try (var rs = select.executeQuery()) {
                var secrets = new ArrayList<String>();
                while (rs.next()) {
                    secrets.add(new String(cipher.decrypt(rs.getBytes(2), associatedData(partnerId, rs.getLong(1))),
                            StandardCharsets.UTF_8));
                }
                return secrets;
            }
        }
    }

    private String create(Connection c, long partnerId) throws SQLException {
        long id;
        try (var insert = c.prepareStatement(
                "INSERT INTO webhook_secrets (partner_id, status, created_at) VALUES (?, 'ACTIVE', ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            insert.setLong(1, partnerId);
            Jdbc.setInstant(insert, 2, clock.instant());
            insert.executeUpdate();
            try (var keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var secret = PREFIX + Base64.getEncoder().encodeToString(bytes);
        try (var update = c.prepareStatement("UPDATE webhook_secrets SET ciphertext = ? WHERE id = ?")) {
            update.setBytes(1, cipher.encrypt(secret.getBytes(StandardCharsets.UTF_8), associatedData(partnerId, id)));
            update.setLong(2, id);
            update.executeUpdate();
        }
        return secret;
    }

    private static String associatedData(long partnerId, long id) {
        return "webhook-secret/partner=" + partnerId + "/secret=" + id;
    }
}
