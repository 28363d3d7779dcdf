package dev.verdict.partners;

import dev.verdict.db.Database;
import dev.verdict.secrets.KeyCipher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Partner and key management: the use cases behind the operator CLI. Each method is one
 * transaction. Plaintext keys exist only in the {@link IssuedKey} returned at creation.
 */
public final class PartnerService {
    /** Two keys may be active at once, so a partner can rotate without downtime. */
    public static final int MAX_ACTIVE_KEYS = 2;

    private final Database database;
    private final KeyCipher cipher;
    private final InstantSource clock;
    private final PartnerStore store = new PartnerStore();
    private final SecureRandom random = new SecureRandom();

    public PartnerService(Database database, KeyCipher cipher, InstantSource clock) {
        this.database = database;
        this.cipher = cipher;
        this.clock = clock;
    }

    public IssuedKey create(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new PartnerException("a partner needs a name of 1 to 200 characters");
        }
        return database.inTransaction(c -> {
            var partnerId = store.insertPartner(c, name.strip(), clock.instant());
            return issueKey(c, partnerId);
        });
    }

    /** Adds a key; the older one keeps verifying until {@link #revokeOlderKeys} is called. */
    public IssuedKey rotateKey(long partnerId) {
        return database.inTransaction(c -> {
            if (!store.lock(c, partnerId)) {
                throw new PartnerException("no partner " + partnerId);
            }
            if (store.activeKeys(c, partnerId).size() >= MAX_ACTIVE_KEYS) {
                throw new PartnerException("partner " + partnerId + " already has " + MAX_ACTIVE_KEYS
                        + " active keys; run 'partner revoke-key' first");
            }
            return issueKey(c, partnerId);
        });
    }

    /** Revokes every active key but the newest. Returns how many were revoked. */
    public int revokeOlderKeys(long partnerId) {
        return database.inTransaction(c -> {
            if (!store.lock(c, partnerId)) {
                throw new PartnerException("no partner " + partnerId);
            }
            var keys = store.activeKeys(c, partnerId);
            var revoked = 0;
            for (var key : keys.subList(Math.min(1, keys.size()), keys.size())) {
                revoked += store.revokeKey(c, key.keyId(), clock.instant());
            }
            return revoked;
        });
    }

    public void setCallback(long partnerId, String url) {
        if (url != null && !url.isBlank() && !url.matches("(?i)https?://\\S+")) {
            throw new PartnerException("the default callback URL must be an absolute http(s) URL");
        }
        var value = url == null || url.isBlank() ? null : url.strip();
        updateOne(partnerId, c -> store.setCallback(c, partnerId, value, clock.instant()));
    }

    public void setStatus(long partnerId, PartnerStatus status) {
        updateOne(partnerId, c -> store.setStatus(c, partnerId, status, clock.instant()));
    }

    public Optional<Partner> find(long partnerId) {
        return database.inTransaction(c -> store.find(c, partnerId));
    }

    public List<Partner> list() {
        return database.inTransaction(store::list);
    }

    public boolean anyExist() {
        return database.inTransaction(store::exists);
    }

    /** Active keys, decrypted, newest first: for request verification only. */
    List<PlainKey> activeKeys(Connection c, long partnerId) throws SQLException {
        return store.activeKeys(c, partnerId).stream()
                .map(k -> new PlainKey(k.keyId(), new String(
                        cipher.decrypt(k.ciphertext(), associatedData(partnerId, k.keyId())), StandardCharsets.UTF_8)))
                .toList();
    }

    PartnerStore store() {
        return store;
    }

    record PlainKey(long keyId, String apiKey) {}

    private IssuedKey issueKey(Connection c, long partnerId) throws SQLException {
        var keyId = store.insertKeyRow(c, partnerId, clock.instant());
        var bytes = new byte[32];
        random.nextBytes(bytes);
        var apiKey = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store.setKeyCiphertext(c, keyId,
                cipher.encrypt(apiKey.getBytes(StandardCharsets.UTF_8), associatedData(partnerId, keyId)));
        return new IssuedKey(partnerId, keyId, apiKey);
    }

    private void updateOne(long partnerId, Database.Work<Integer> update) {
        int rows = database.inTransaction(update);
        if (rows == 0) {
            throw new PartnerException("no partner " + partnerId);
        }
    }

    /** Binds a ciphertext to its row: moving it to another partner or key id breaks decryption. */
    static String associatedData(long partnerId, long keyId) {
        return "api-key/partner=" + partnerId + "/key=" + keyId;
    }
}
