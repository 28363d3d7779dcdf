package dev.verdict.partners;

import dev.verdict.db.Database;
import dev.verdict.secrets.KeyCipher;
import dev.verdict.secrets.RotatingSecrets;
import dev.verdict.secrets.SecretKind;
import dev.verdict.signing.LegacySecKey;
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
    public static final int MAX_ACTIVE_KEYS = RotatingSecrets.MAX_ACTIVE;

    private final Database database;
    private final InstantSource clock;
    private final PartnerStore store = new PartnerStore();
    private final RotatingSecrets keys;
    private final RotatingSecrets legacyKeys;

    public PartnerService(Database database, KeyCipher cipher, InstantSource clock) {
        this.database = database;
        this.clock = clock;
        this.keys = new RotatingSecrets(SecretKind.API_KEY, cipher, clock);
        this.legacyKeys = new RotatingSecrets(SecretKind.LEGACY_KEY, cipher, clock);
    }

    public IssuedKey create(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new PartnerException("a partner needs a name of 1 to 200 characters");
        }
        return database.inTransaction(c -> {
            var partnerId = store.insertPartner(c, name.strip(), clock.instant());
            return issued(partnerId, keys.issue(c, partnerId));
        });
    }

    /** Adds a key; the older one keeps verifying until {@link #revokeOlderKeys} is called. */
    public IssuedKey rotateKey(long partnerId) {
        return database.inTransaction(c -> {
            if (!store.lock(c, partnerId)) {
                throw new PartnerException("no partner " + partnerId);
            }
            return keys.rotate(c, partnerId).map(key -> issued(partnerId, key))
                    .orElseThrow(() -> new PartnerException("partner " + partnerId + " already has " + MAX_ACTIVE_KEYS
                            + " active keys; run 'partner revoke-key' first"));
        });
    }

    /** Revokes every active key but the newest. Returns how many were revoked. */
    public int revokeOlderKeys(long partnerId) {
        return database.inTransaction(c -> {
            if (!store.lock(c, partnerId)) {
                throw new PartnerException("no partner " + partnerId);
            }
            return keys.revokeAllButNewest(c, partnerId);
        });
    }

    /**
     * Generates the partner's legacy {@code sec_key} RSA key pair (PROTOCOL.md §2.5) and keeps the
     * private key sealed under the master key. A partner has at most one: with {@code replace} the new
     * one revokes the older (whose SDKs then fail with 2305), without it a partner that has one is refused.
     */
    public IssuedLegacyKey issueLegacyKey(long partnerId, boolean replace) {
        var pair = LegacySecKey.generate();
        return database.inTransaction(c -> {
            if (!store.lock(c, partnerId)) {
                throw new PartnerException("no partner " + partnerId);
            }
            if (!legacyKeys.active(c, partnerId).isEmpty() && !replace) {
                throw new PartnerException("partner " + partnerId + " already has a legacy key;"
                        + " --replace issues a new one and revokes it");
            }
            var secret = legacyKeys.store(c, partnerId,
                    Base64.getEncoder().encodeToString(LegacySecKey.privateKeyBytes(pair)));
            var revoked = legacyKeys.revokeAllButNewest(c, partnerId);
            return new IssuedLegacyKey(partnerId, secret.id(), LegacySecKey.publicPem(pair.getPublic()),
                    LegacySecKey.sdkApiKey(pair.getPublic()), revoked);
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
        return keys.active(c, partnerId).stream().map(k -> new PlainKey(k.id(), k.value())).toList();
    }

    /** The active legacy sec_key (at most one), decrypted: for request verification only. */
    List<PlainLegacyKey> activeLegacyKeys(Connection c, long partnerId) throws SQLException {
        return legacyKeys.active(c, partnerId).stream()
                .map(k -> new PlainLegacyKey(k.id(), new LegacySecKey(Base64.getDecoder().decode(k.value()))))
                .toList();
    }

    record PlainLegacyKey(long keyId, LegacySecKey key) {}

    /** The partner's newest active API key as a signer (erasure receipts); empty when it has none. */
    public Optional<dev.verdict.signing.SidSignature> newestSigningKey(long partnerId) {
        return database.read(c -> activeKeys(c, partnerId).stream().findFirst()
                .map(k -> new dev.verdict.signing.SidSignature(k.apiKey())));
    }

    PartnerStore store() {
        return store;
    }

    record PlainKey(long keyId, String apiKey) {}

    private static IssuedKey issued(long partnerId, RotatingSecrets.Secret key) {
        return new IssuedKey(partnerId, key.id(), key.value());
    }

    private void updateOne(long partnerId, Database.Work<Integer> update) {
        int rows = database.inTransaction(update);
        if (rows == 0) {
            throw new PartnerException("no partner " + partnerId);
        }
    }
}
