package dev.verdict.callbacks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.db.CommitSignal;
import dev.verdict.db.Database;
import dev.verdict.http.JsonSupport;
import dev.verdict.partners.PartnerDirectory;
import dev.verdict.signing.ResponseSigner;
import dev.verdict.signing.SidSignature;
import dev.verdict.work.Worker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: workers claim due deliveries with a lease (in order per job and target),
 * POST the result object with its v1 {@code signature}/{@code timestamp} and the Standard Webhooks
 * headers, and record every attempt; what follows an attempt is the {@link DeliveryPolicy}'s decision.
 * A node that dies mid-delivery loses nothing: its claims come back when their lease runs out, and
 * the retry carries the same {@code webhook-id}.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /**
     * Dispatcher settings. {@code timeout} is the callback timeout; one attempt may take up to twice
     * it ({@link CallbackSender} cuts the whole exchange off there). A worker claims as many
     * deliveries at once as it can surely attempt, one after another, within half the lease: with the
     * defaults (60 s lease, 10 s timeout) that is one, and a longer lease lets a claim take more.
     */
    public record Settings(int workers, Duration lease, Duration timeout, Duration poll, String nodeId,
            DeliveryPolicy policy) {
        /** At most this many deliveries per claim: beyond a few, one claim's cost is already shared out. */
        static final int MAX_BATCH = 8;

        int batch() {
            var longestAttempt = 2 * timeout.toMillis();
            var fits = lease.toMillis() / Math.max(1, 2 * longestAttempt);
            return Math.clamp(fits, 1, MAX_BATCH);
        }
    }

    /**
     * A claimed delivery with what it carries and the partner's webhook secrets, read in the claim's
     * transaction (each in a transaction of its own, they were two more turns at SQLite's one writer
     * per delivery).
     */
    record Claimed(Delivery delivery, CallbackStore.Payload payload, List<String> webhookSecrets, boolean lastOfClaim) {}

    private final Database database;
    private final CallbackStore store;
    private final PartnerDirectory partners;
    private final WebhookSecrets secrets;
    private final CallbackSender sender;
    private final CommitSignal signal;
    private final InstantSource clock;
    private final Settings settings;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final Worker<Claimed> worker;
    /** A claim made with the record of a worker thread's last attempt, taken by that thread's next {@link #claim()}. */
    private final ThreadLocal<List<Claimed>> claimedWithLastRecord = new ThreadLocal<>();
    private volatile boolean closing;

    /** An attempt's record: whether this node still held the delivery, and the claim made with it. */
    private record Recorded(boolean kept, List<Claimed> nextClaim) {}

    public Dispatcher(Database database, CallbackStore store, PartnerDirectory partners, WebhookSecrets secrets,
            CallbackSender sender, CommitSignal signal, InstantSource clock, Settings settings) {
        this.database = database;
        this.store = store;
        this.partners = partners;
        this.secrets = secrets;
        this.sender = sender;
        this.signal = signal;
        this.clock = clock;
        this.settings = settings;
        this.worker = new Worker<>("verdict-callbacks", settings.poll(), this::claim,
                claimed -> deliver(claimed, settings.nodeId()), signal::await, signal::signal);
    }

    public Dispatcher start() {
        worker.start(settings.workers());
        return this;
    }

    /** The delivery workers: {@link Worker#runOnce} delivers whatever is due now. */
    public Worker<Claimed> worker() {
        return worker;
    }

    /**
     * The worker's next claim: what this thread claimed in the transaction that recorded its last
     * attempt, else a claim in a transaction of its own.
     */
    private List<Claimed> claim() {
        var next = claimedWithLastRecord.get();
        if (next != null) {
            claimedWithLastRecord.remove();
            if (!next.isEmpty()) {
                return next;
            }
        }
        return database.inTransaction(this::claim);
    }

    /**
     * Claims the next due deliveries (a few at once when the lease allows) with their payloads, in
     * the caller's transaction; a final one drops the earlier provisional ones it overtakes.
     */
    private List<Claimed> claim(Connection c) throws SQLException {
        var now = clock.instant();
        var deliveries = store.claimDue(c, settings.nodeId(), settings.batch(), now, settings.lease());
        var claimed = new ArrayList<Claimed>();
        for (var delivery : deliveries) {
            if (DeliveryPolicy.mayOvertake(delivery)) {
                for (var earlier : store.earlierPending(c, delivery)) {
                    if (DeliveryPolicy.overtakes(delivery, earlier)) {
                        store.drop(c, earlier, now);
                    }
                }
            }
            var payload = store.payload(c, delivery);
            claimed.add(new Claimed(delivery, payload, secrets.active(c, payload.partnerId()),
                    claimed.size() == deliveries.size() - 1));
        }
        return claimed;
    }

    private void deliver(Claimed claimed, String owner) {
        var delivery = claimed.delivery();
        var payload = claimed.payload();
        var key = signingKey(payload);
        var started = clock.instant();
        var realStart = System.nanoTime();
        CallbackSender.Outcome outcome;
        if (key.isEmpty()) {
            outcome = new CallbackSender.Outcome(null, "the partner has no active API key to sign with", true);
        } else {
            var timestamp = SidSignature.responseTimestamp(started);
            var body = body(payload.resultJson(), key.get().sign(timestamp, Long.toString(payload.partnerId())), timestamp);
            var webhookTimestamp = Long.toString(started.getEpochSecond());
            var headers = new LinkedHashMap<String, String>();
            headers.put("webhook-id", delivery.webhookId());
            headers.put("webhook-timestamp", webhookTimestamp);
            headers.put("webhook-signature", standardSignatures(claimed.webhookSecrets(),
                    delivery.webhookId(), webhookTimestamp, body));
            outcome = sender.post(delivery.targetUrl(), body, headers);
        }
        var durationMs = (System.nanoTime() - realStart) / 1_000_000;
        var now = clock.instant();
        var attemptNo = delivery.attempts() + 1;
        var code = outcome.statusCode();
        var decision = settings.policy().after(DeliveryPolicy.Outcome.of(code, outcome.refused()),
                new DeliveryPolicy.History(delivery.attempts(), delivery.windowStart()), now, random.nextDouble());
        var error = outcome.error() != null ? outcome.error() : code != null && (code < 200 || code >= 300) ? "HTTP " + code : null;
        var attempt = new Attempt(delivery.id(), attemptNo, started, Optional.ofNullable(code), Optional.ofNullable(error),
                durationMs);
        // The transaction that records the last attempt of a claim also makes this thread's next claim:
        // one commit per delivery instead of two, and on SQLite every commit waits for the disk
        // (docs/benchmarks.md). Kept only once committed; if this node dies before using it, the
        // claim's lease runs out.
        var recorded = database.inTransaction(c -> new Recorded(
                store.recordAttempt(c, delivery, owner, attempt, decision, now),
                claimed.lastOfClaim() && !closing ? claim(c) : List.of()));
        claimedWithLastRecord.set(recorded.nextClaim());
        if (!recorded.kept()) {
            LOG.info("callback delivery {} was taken over while in flight", delivery.id());
        } else if (decision.state() != DeliveryState.DELIVERED) {
            LOG.info("callback delivery {} (job {}, seq {}) attempt {}: {} -> {}", delivery.id(), payload.smileJobId(),
                    delivery.seq(), attemptNo, error, decision.state());
        }
    }

    /**
     * The key that signed the job's submission, or the partner's newest active key if that one is gone.
     * A job submitted with a legacy sec_key is signed with the partner's legacy key (the one that
     * verified it, or its replacement), the HMAC only when the partner has none left.
     */
    private Optional<ResponseSigner> signingKey(CallbackStore.Payload payload) {
        var auth = partners.find(payload.partnerId());
        if (auth.isEmpty()) {
            return Optional.empty();
        }
        var legacyKeys = auth.get().legacyKeys();
        if (payload.legacyKeyId().isPresent() && !legacyKeys.isEmpty()) {
            return Optional.of(legacyKeys.stream().filter(k -> k.keyId() == payload.legacyKeyId().get()).findFirst()
                    .orElse(legacyKeys.getFirst())
                    .key());
        }
        var keys = auth.get().keys();
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(payload.keyId()
                .flatMap(id -> keys.stream().filter(k -> k.keyId() == id).findFirst())
                .orElse(keys.getFirst())
                .signature());
    }

    /** The result object with the v1 {@code signature} and {@code timestamp} added at the top level. */
    static String body(String resultJson, String signature, String timestamp) {
        try {
            var node = (ObjectNode) JsonSupport.MAPPER.readTree(resultJson);
            node.put("signature", signature);
            node.put("timestamp", timestamp);
            return JsonSupport.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException("a stored result object is not JSON", e);
        }
    }

    /** {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">} for each secret, space-separated (Standard Webhooks). */
    static String standardSignatures(List<String> secrets, String id, String timestamp, String body) {
        var signatures = new ArrayList<String>();
        for (var secret : secrets) {
            try {
                var key = Base64.getDecoder().decode(secret.substring(WebhookSecrets.PREFIX.length()));
                var mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                var digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                signatures.add("v1," + Base64.getEncoder().encodeToString(digest));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 unavailable", e);
            }
        }
        return String.join(" ", signatures);
    }

    /** Wakes idle workers (tests moving the clock, operators re-driving). */
    public void wake() {
        signal.signal();
    }

    @Override
    public void close() {
        closing = true; // no more claims made ahead: a stopping worker would leave them to their lease
        worker.close();
        try {
            sender.close();
        } catch (IOException e) {
            LOG.warn("closing the callback client failed", e);
        }
    }
}
