package dev.verdict.signing;

/**
 * Signs an answer (or a callback) for a partner over the answer's own timestamp: the v1 HMAC
 * ({@link SidSignature}) or, for a request authenticated with a legacy {@code sec_key}, the RSA
 * signature ({@link LegacySecKey}). The answer carries the result in its {@code signature} field.
 */
public interface ResponseSigner {
    String sign(String timestamp, String partnerIdText);
}
