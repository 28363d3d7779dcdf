package dev.verdict.partners;

import dev.verdict.db.Database;
import dev.verdict.signing.SidSignature;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request path's view of partners: status and verifying keys, cached per node for a short,
 * bounded time (at most 5 s, DESIGN §3.11) so that a revocation or a disabled partner takes effect
 * on every node without any cross-node messaging.
 */
public final class PartnerDirectory {
    private static final int MAX_ENTRIES = 10_000;

    private final Database database;
    private final PartnerService partners;
    private final InstantSource clock;
    private final Duration ttl;
    private final ConcurrentHashMap<Long, Cached> cache = new ConcurrentHashMap<>();

    public PartnerDirectory(Database database, PartnerService partners, InstantSource clock, Duration ttl) {
        this.database = database;
        this.partners = partners;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A key that can verify requests and sign answers, known by its id. */
    public record VerifyingKey(long keyId, SidSignature signature) {}

    /** What authentication needs to know about one partner. */
    public record PartnerAuth(long partnerId, boolean active, Optional<Long> timestampWindowSeconds,
            List<VerifyingKey> keys) {}

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
            var p = partner.get();
            return Optional.of(new PartnerAuth(partnerId, p.status() == PartnerStatus.ACTIVE,
                    p.timestampWindowSeconds(), keys));
        });
    }
}
