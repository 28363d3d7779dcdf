package dev.verdict.secrets;

import java.util.Base64;

/**
 * The kinds of per-partner rotating secret, each in its own table of the same shape: API keys
 * (verify requests, sign answers and callbacks) and Standard Webhooks secrets ({@code whsec_}).
 * The associated data a secret is sealed with names its kind, partner and row, so a ciphertext
 * moved to another row, partner or kind does not decrypt.
 */
public enum SecretKind {
    API_KEY("api_keys", "api-key", "key", "", Base64.getUrlEncoder().withoutPadding()),
    WEBHOOK_SECRET("webhook_secrets", "webhook-secret", "secret", "whsec_", Base64.getEncoder());

    private final String table;
    private final String label;
    private final String idLabel;
    private final String prefix;
    private final Base64.Encoder encoder;

    SecretKind(String table, String label, String idLabel, String prefix, Base64.Encoder encoder) {
        this.table = table;
        this.label = label;
        this.idLabel = idLabel;
        this.prefix = prefix;
        this.encoder = encoder;
    }

    /** What the secret's text starts with ({@code whsec_}), or nothing. */
    public String prefix() {
        return prefix;
    }

    String table() {
        return table;
    }

    /** The wire form of fresh random bytes. */
    String format(byte[] random) {
        return prefix + encoder.encodeToString(random);
    }

    /** Binds a ciphertext to its row: {@code api-key/partner=1/key=2}, {@code webhook-secret/partner=1/secret=2}. */
    String associatedData(long partnerId, long id) {
        return label + "/partner=" + partnerId + "/" + idLabel + "=" + id;
    }
}
