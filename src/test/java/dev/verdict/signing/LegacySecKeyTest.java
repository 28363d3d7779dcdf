package dev.verdict.signing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.testing.LegacyClient;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LegacySecKeyTest {
    private static final java.security.KeyPair PAIR = LegacySecKey.generate();
    private static final LegacySecKey KEY = new LegacySecKey(LegacySecKey.privateKeyBytes(PAIR));
    private static final LegacyClient CLIENT = new LegacyClient(LegacySecKey.sdkApiKey(PAIR.getPublic()));

    @Test
    void issuesRsa2048AndThePublicKeyTheSdksTake() {
        assertThat(((RSAPublicKey) PAIR.getPublic()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(KEY.publicKey()).isEqualTo(PAIR.getPublic());
        var pem = new String(Base64.getDecoder().decode(LegacySecKey.sdkApiKey(PAIR.getPublic())), StandardCharsets.US_ASCII);
        assertThat(pem).isEqualTo(LegacySecKey.publicPem(PAIR.getPublic())).startsWith("-----BEGIN PUBLIC KEY-----\n");
    }

    @Test
    void hashesTheIntegerPartnerId() {
        // sha256("1:1714558830") — the partner id "001" becomes 1 in every SDK
        assertThat(LegacySecKey.hash("001", "1714558830")).isEqualTo(LegacyClient.hash("1", "1714558830"))
                .isEqualTo(LegacySecKey.hash("1", "1714558830")).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void verifiesWhatTheSdksSendAndNothingElse() {
        assertThat(KEY.verifies(CLIENT.secKey("1", "1714558830123"), "1714558830123", "001")).isTrue();
        assertThat(KEY.verifies(CLIENT.rubySecKey("85", "1714558830"), "1714558830", "85")).isTrue();
        assertThat(KEY.verifies(CLIENT.secKey("85", "1714558830"), "1714558831", "85")).isFalse();
        assertThat(KEY.verifies(CLIENT.secKey("85", "1714558830"), "1714558830", "86")).isFalse();
        var secKey = CLIENT.secKey("85", "1714558830");
        var other = LegacySecKey.hash("85", "1714558831");
        assertThat(KEY.verifies(secKey.substring(0, secKey.indexOf('|') + 1) + other, "1714558830", "85")).isFalse();
        assertThat(KEY.verifies(secKey.substring(0, secKey.indexOf('|')), "1714558830", "85")).isFalse();
        assertThat(KEY.verifies("not base64!|" + LegacySecKey.hash("85", "1714558830"), "1714558830", "85")).isFalse();
        assertThat(KEY.verifies("AAAA|" + LegacySecKey.hash("85", "1714558830"), "1714558830", "85")).isFalse();
        var stranger = new LegacyClient(LegacySecKey.sdkApiKey(LegacySecKey.generate().getPublic()));
        assertThat(KEY.verifies(stranger.secKey("85", "1714558830"), "1714558830", "85")).isFalse();
    }

    @Test
    void signsAnswersThePublicKeyOpens() {
        var signature = KEY.sign("2026-03-01T12:00:00.000Z", "007");
        assertThat(signature).matches("[A-Za-z0-9+/]{342}==\\|[0-9a-f]{64}");
        assertThat(CLIENT.verifies(signature, "2026-03-01T12:00:00.000Z", "7")).isTrue();
        assertThat(CLIENT.verifies(signature, "2026-03-01T12:00:00.001Z", "7")).isFalse();
    }
}
