package dev.verdict.partners;

import dev.verdict.db.Database;
import dev.verdict.signing.LegacySecKey;
import dev.verdict.signing.ResponseSigner;
import dev.verdict.signing.SidSignature;
import dev.verdict.signing.TimestampWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The request path's view of partners: status and verifying keys, cached per node for a short,
 * bounded time (at most 5 s, DESIGN §3.11) so that a revocation or a disabled partner takes effect
 * on every node without any cross-node messaging.
 */
public final class PartnerDirectory {
    /** Partner ids as sent: digits only, at most 18 (a long). Compiled once: this runs on every signed request. */
    private static final Pattern PARTNER_ID = Pattern.compile("\\d{1,18}");
    /** A sec_key request's timestamp: epoch seconds or milliseconds, digits only. */
    private static final Pattern LEGACY_TIMESTAMP = Pattern.compile("\\d{1,19}");

    private static final int MAX_ENTRIES = 10_000;

    private final Database database;
    private final PartnerService partners;
    private final InstantSource clock;
    private final Duration ttl;
    private final Duration defaultTimestampWindow;
    private final ConcurrentHashMap<Long, Cached> cache = new ConcurrentHashMap<>();
    private final Quota quota;

    /**
     * What an authenticated request costs its partner: called once its signature verified, it may refuse
     * the request by throwing (the rate limit, docs/operations.md). Never called for a request that
     * failed to authenticate, so nobody spends another partner's allowance by naming it.
     */
    @FunctionalInterface
    public interface Quota {
        Quota NONE = partnerId -> {};

        void charge(long partnerId);
    }

    public PartnerDirectory(Database database, PartnerService partners, InstantSource clock, Duration ttl,
            Duration defaultTimestampWindow) {
        this(database, partners, clock, ttl, defaultTimestampWindow, Quota.NONE);
    }

    public PartnerDirectory(Database database, PartnerService partners, InstantSource clock, Duration ttl,
            Duration defaultTimestampWindow, Quota quota) {
        this.quota = quota;
        this.database = database;
        this.partners = partners;
        this.clock = clock;
        this.ttl = ttl;
        this.defaultTimestampWindow = defaultTimestampWindow;
    }

    /**
     * A verified caller. The key that verified the request signs the answer: an API key (HMAC), or
     * the partner's legacy key when the request carried a {@code sec_key} ({@code legacy}).
     */
    public record Caller(long partnerId, String partnerIdText, long keyId, boolean legacy, ResponseSigner key) {
        /** The API key that verified the request; null for a sec_key request. */
        public Long apiKeyId() {
            return legacy ? null : keyId;
        }

        /** The legacy key that verified a sec_key request; null otherwise. */
        public Long legacyKeyId() {
            return legacy ? keyId : null;
        }
    }

    /** Verifies a v1 HMAC signature; see {@link #authenticate(String, String, String, String)}. */
    public Optional<Caller> authenticate(String partnerIdText, String timestamp, String signature) {
        return authenticate(partnerIdText, timestamp, signature, null);
    }

    /**
     * Verifies a request (DESIGN §3.3): the partner by the digits of its id, active, the timestamp
     * fresh in production mode, then the {@code signature} (any active key's HMAC over the verbatim
     * texts) or, when there is none, the legacy {@code sec_key} (PROTOCOL.md §2.5: a numeric
     * timestamp, and the partner's legacy RSA key). Empty when anything fails; the caller answers with
     * its family's "not authorized" code. A verified
     * request is charged to its partner's {@link Quota}, which may throw.
     */
    public Optional<Caller> authenticate(String partnerIdText, String timestamp, String signature, String secKey) {
        // partner ids are digits without leading zeros; "085" finds partner 85, but the HMAC covers "085"
        if (partnerIdText == null || timestamp == null || (signature == null && secKey == null)
                || !PARTNER_ID.matcher(partnerIdText).matches()) {
            return Optional.empty();
        }
        var auth = find(Long.parseLong(partnerIdText));
        if (auth.isEmpty() || !auth.get().active()) {
            return Optional.empty();
        }
        var window = auth.get().timestampWindowSeconds().map(Duration::ofSeconds).orElse(defaultTimestampWindow);
        if (!TimestampWindow.isFresh(timestamp, clock.instant(), window)) {
            return Optional.empty();
        }
        if (signature == null) {
            if (!LEGACY_TIMESTAMP.matcher(timestamp).matches()) {
                return Optional.empty();
            }
            for (var key : auth.get().legacyKeys()) {
                if (key.key().verifies(secKey, timestamp, partnerIdText)) {
                    quota.charge(auth.get().partnerId());
                    return Optional.of(new Caller(auth.get().partnerId(), partnerIdText, key.keyId(), true, key.key()));
                }
            }
            return Optional.empty();
        }
        for (var key : auth.get().keys()) {
            if (key.signature().verifies(signature, timestamp, partnerIdText)) {
                quota.charge(auth.get().partnerId());
                return Optional.of(new Caller(auth.get().partnerId(), partnerIdText, key.keyId(), false, key.signature()));
            }
        }
        return Optional.empty();
    }

    /** A key that can verify requests and sign answers, known by its id. */
    public record VerifyingKey(long keyId, SidSignature signature) {}

    /** A partner's legacy sec_key, known by its id. */
    public record LegacyKey(long keyId, LegacySecKey key) {}

    /** What authentication needs to know about one partner. */
    public record PartnerAuth(long partnerId, boolean active, Optional<Long> timestampWindowSeconds,
            List<VerifyingKey> keys, List<LegacyKey> legacyKeys) {}

    private record Cached(Optional<PartnerAuth> auth, Instant loadedAt) {}

    /** Looks a partner up by the digits of its id. Unknown partners are cached too (as empty). */
    public Optional<PartnerAuth> find(long partnerId) {
        var now = clock.instant();
        var cached = cache.get(partnerId);
        if (cached != null && Duration.between(cached.loadedAt(), now).compareTo(ttl) < 0) {
            return cached.auth();
        }
        var loaded = load(partnerId);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(partnerId, new Cached(loaded, now));
        return loaded;
    }

    /** Drops this node's cached view, e.g. right after this node changed the partner. */
    public void invalidate(long partnerId) {
        cache.remove(partnerId);
    }

    private Optional<PartnerAuth> load(long partnerId) {
        return database.inTransaction(c -> {
            var partner = partners.store().find(c, partnerId);
            if (partner.isEmpty()) {
                return Optional.<PartnerAuth>empty();
            }
            var keys = partners.activeKeys(c, partnerId).stream()
                    .map(k -> new VerifyingKey(k.keyId(), new SidSignature(k.apiKey())))
                    .toList();
            var legacyKeys = partners.activeLegacyKeys(c, partnerId).stream()
                    .map(k -> new LegacyKey(k.keyId(), k.key()))
                    .toList();
            var p = partner.get();
            return Optional.of(new PartnerAuth(partnerId, p.status() == PartnerStatus.ACTIVE,
                    p.timestampWindowSeconds(), keys, legacyKeys));
        });
    }
}
