package dev.verdict.partners;

/** A freshly issued API key: the only moment its plaintext leaves Verdict. */
public record IssuedKey(long partnerId, long keyId, String apiKey) {}
