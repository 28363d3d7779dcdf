package dev.verdict.http;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The rate limits of the public listeners (docs/operations.md, "Rate limits"): a token bucket per source
 * address, charged before a handler runs, and one per partner, charged once the partner's signature
 * verified (an unsigned or forged request names a partner it cannot spend for). Buckets live in this
 * node's memory: N nodes admit up to N times a limit. A limit that is off costs a null check.
 */
public final class RateLimits {
    /** No limit at all (the admin listener, and both limits off). */
    public static final RateLimits OFF = new RateLimits(Optional.empty(), Optional.empty(), InstantSource.system(),
            Set.of());

    /** Most source addresses with a bucket at once; past it, idle buckets (full again) are dropped first. */
    static final int MAX_ADDRESSES = 50_000;

    /**
     * One limit: {@code requests} per {@code per} on average, at most {@code burst} at once. Named in the
     * headers ({@code "partner"}, {@code "address"}).
     */
    public record Policy(String name, long requests, Duration per, long burst) {
        public Policy {
            if (requests < 1 || burst < 1 || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("a rate limit needs requests, a period and a burst of at least 1");
            }
        }

        /** Seconds an empty bucket takes to fill again: the window {@code w} of the policy header. */
        long windowSeconds() {
            var nanos = (double) per.toNanos() * burst / requests;
            return Math.max(1, (long) Math.ceil(nanos / 1e9));
        }

        /** {@code RateLimit-Policy} (draft-ietf-httpapi-ratelimit-headers-10): the burst per window. */
        String policyHeader() {
            return "\"" + name + "\";q=" + burst + ";w=" + windowSeconds();
        }
    }

    private final Buckets partners;
    private final Buckets addresses;
    private final Set<String> exemptPaths;

    /**
     * @param exemptPaths paths the address limit never counts (the health check a load balancer polls)
     */
    public RateLimits(Optional<Policy> partner, Optional<Policy> address, InstantSource clock, Set<String> exemptPaths) {
        TimeMeter meter = new ClockMeter(clock);
        this.partners = partner.map(p -> new Buckets(p, meter, Integer.MAX_VALUE)).orElse(null);
        this.addresses = address.map(p -> new Buckets(p, meter, MAX_ADDRESSES)).orElse(null);
        this.exemptPaths = Set.copyOf(exemptPaths);
    }

    /** Charges the request's source address; throws when its bucket is empty. */
    void chargeAddress(Request request) {
        if (addresses == null || exemptPaths.contains(request.path())) {
            return;
        }
        addresses.charge(addressKey(request.remoteAddress()), "this address");
    }

    /** Charges a partner whose signature verified; throws when its bucket is empty. */
    public void chargePartner(long partnerId) {
        if (partners != null) {
            partners.charge(partnerId, "this partner");
        }
    }

    /**
     * An IPv4 address counts alone, an IPv6 address by its /64 prefix: one host usually holds a whole
     * /64, and would otherwise get a fresh bucket per address it picks.
     */
    static long addressKey(InetAddress address) {
        var bytes = address.getAddress();
        long key = 0;
        var n = address instanceof Inet4Address ? 4 : 8;
        for (int i = 0; i < n; i++) {
            key = (key << 8) | (bytes[i] & 0xff);
        }
        return address instanceof Inet4Address ? key | 0xFFFF_FFFF_0000_0000L : key;
    }

    /** The buckets of one policy, by key, at most {@code maxKeys} of them. */
    private static final class Buckets {
        private final Policy policy;
        private final TimeMeter meter;
        private final int maxKeys;
        private final ConcurrentHashMap<Long, Bucket> buckets = new ConcurrentHashMap<>();
        private final ReentrantLock evicting = new ReentrantLock();
        private final String policyHeader;

        Buckets(Policy policy, TimeMeter meter, int maxKeys) {
            this.policy = policy;
            this.meter = meter;
            this.maxKeys = maxKeys;
            this.policyHeader = policy.policyHeader();
        }

        void charge(long key, String who) {
            var bucket = buckets.get(key);
            if (bucket == null) {
                if (buckets.size() >= maxKeys) {
                    evict();
                }
                bucket = buckets.computeIfAbsent(key, k -> newBucket());
            }
            var probe = bucket.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                throw refusal(probe, who);
            }
        }

        private Bucket newBucket() {
            return Bucket.builder()
                    .addLimit(limit -> limit.capacity(policy.burst()).refillGreedy(policy.requests(), policy.per()))
                    .withCustomTimePrecision(meter)
                    .build();
        }

        private TooManyRequestsException refusal(ConsumptionProbe probe, String who) {
            var retryAfter = Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill()));
            var reset = Math.max(retryAfter, ceilSeconds(probe.getNanosToWaitForReset()));
            return new TooManyRequestsException("Too many requests from " + who + "; retry after " + retryAfter + " s",
                    Map.of("RateLimit-Policy", policyHeader,
                            "RateLimit", "\"" + policy.name() + "\";r=0;t=" + reset,
                            "Retry-After", Long.toString(retryAfter)));
        }

        /**
         * Makes room: drops the buckets that are full again (their sources went quiet: a new bucket would be
         * the same), then, if that is not enough, any, down to 90% of the cap. One thread at a time; the
         * others go on meanwhile.
         */
        private void evict() {
            if (!evicting.tryLock()) {
                return;
            }
            try {
                var target = maxKeys - maxKeys / 10;
                buckets.values().removeIf(b -> b.getAvailableTokens() >= policy.burst());
                var it = buckets.keySet().iterator();
                while (buckets.size() > target && it.hasNext()) {
                    it.next();
                    it.remove();
                }
            } finally {
                evicting.unlock();
            }
        }

        private static long ceilSeconds(long nanos) {
            return (nanos + 999_999_999L) / 1_000_000_000L;
        }
    }

    /** The server's clock (settable in tests) as the buckets' time source. */
    private record ClockMeter(InstantSource clock) implements TimeMeter {
        @Override
        public long currentTimeNanos() {
            var now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }

        @Override
        public boolean isWallClockBased() {
            return true;
        }
    }
}
