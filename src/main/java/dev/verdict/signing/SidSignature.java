package dev.verdict.signing;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The v1 signature: {@code base64(HMAC-SHA256(api_key, timestamp + partner_id + "sid_request"))}
 * over the verbatim texts (PROTOCOL.md §2.1). Timestamps are opaque here: never parsed, never
 * normalised, because every SDK formats them differently.
 */
public final class SidSignature implements ResponseSigner {
    private static final byte[] SUFFIX = "sid_request".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter RESPONSE_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The last response timestamp made: many answers share a millisecond, and formatting is not free. */
    private static volatile FormattedMillis lastTimestamp = new FormattedMillis(Long.MIN_VALUE, "");

    private record FormattedMillis(long epochMilli, String text) {}

    private record Signed(String timestamp, String partnerId, String signature) {}

    private volatile Signed lastSigned = new Signed("", "", "");

    /** Pre-initialised per key and cloned per use: Mac.init costs more than the HMAC itself. */
    private final Mac prototype;

    public SidSignature(String apiKey) {
        try {
            prototype = Mac.getInstance("HmacSHA256");
            prototype.init(new SecretKeySpec(apiKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Signs an answer. Answers made in the same millisecond carry the same timestamp, so the last
     * signature made by this key is kept and given again for the same inputs.
     */
    @Override
    public String sign(String timestamp, String partnerId) {
        var last = lastSigned;
        if (last.timestamp().equals(timestamp) && last.partnerId().equals(partnerId)) {
            return last.signature();
        }
        var signature = Base64.getEncoder().encodeToString(mac(timestamp, partnerId));
        lastSigned = new Signed(timestamp, partnerId, signature);
        return signature;
    }

    /**
     * {@code base64(HMAC-SHA256(api_key, text))} over a document's exact UTF-8 text: what binds a
     * document Verdict issues (an erasure receipt) to its content, with the same key as a v1 answer.
     */
    public String signContent(String text) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is not cloneable here", e);
        }
        return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time check of a received signature. Malformed base64 simply fails. */
    public boolean verifies(String signature, String timestamp, String partnerId) {
        byte[] received;
        try {
            received = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(received, mac(timestamp, partnerId));
    }

    private byte[] mac(String timestamp, String partnerId) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is not cloneable here", e);
        }
        mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
        mac.update(partnerId.getBytes(StandardCharsets.UTF_8));
        mac.update(SUFFIX);
        return mac.doFinal();
    }

    /** The response timestamp every SDK can parse: UTC, exactly three fractional digits, {@code Z}. */
    public static String responseTimestamp(Instant now) {
        var millis = now.toEpochMilli();
        var last = lastTimestamp;
        if (last.epochMilli() == millis) {
            return last.text();
        }
        var text = RESPONSE_TIMESTAMP.format(now);
        lastTimestamp = new FormattedMillis(millis, text);
        return text;
    }
}
