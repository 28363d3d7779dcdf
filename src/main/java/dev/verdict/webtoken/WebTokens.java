package dev.verdict.webtoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verdict.http.JsonSupport;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compact JWS tokens signed with HS256 (RFC 7515/7519) under one secret derived from the master key.
 * Verdict only issues them, always with this header and algorithm, so the JDK's HMAC and Jackson are
 * all it takes (no algorithm negotiation, nothing parsed from outside).
 */
public final class WebTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final SecretKeySpec key;

    public WebTokens(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** {@code header.payload.signature}, each part base64url without padding. */
    public String sign(ObjectNode claims) {
        try {
            var signingInput = HEADER + "." + B64.encodeToString(JsonSupport.MAPPER.writeValueAsBytes(claims));
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a web token", e);
        }
    }
}
