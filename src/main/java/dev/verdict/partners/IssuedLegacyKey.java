package dev.verdict.partners;

/**
 * A freshly generated legacy {@code sec_key} key pair's public half: the PEM, and {@code sdkApiKey}
 * (base64 of the PEM), which the 1.x SDKs take as their api_key. The private key never leaves Verdict.
 */
public record IssuedLegacyKey(long partnerId, long keyId, String publicKeyPem, String sdkApiKey, int revoked) {}
