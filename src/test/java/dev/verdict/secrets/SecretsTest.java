package dev.verdict.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.verdict.testing.ChildProcesses;
import dev.verdict.testing.StartsProcesses;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SecretsTest {
    private static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    @Test
    void aesGcmRoundTripsAndIsBoundToItsAssociatedData() {
        var cipher = new KeyCipher(new byte[32]);
        var sealed = cipher.encrypt("the-api-key".getBytes(StandardCharsets.UTF_8), "partner=1/key=1");
        assertThat(new String(cipher.decrypt(sealed, "partner=1/key=1"), StandardCharsets.UTF_8)).isEqualTo("the-api-key");
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("the-api-key");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "partner=2/key=1")).isInstanceOf(KeyCipher.WrongKeyException.class);
        var other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new KeyCipher(other).decrypt(sealed, "partner=1/key=1"))
                .isInstanceOf(KeyCipher.WrongKeyException.class);
    }

    @Test
    void rotatingSecretKindsKeepTheirWireFormatsAndAssociatedData() {
        // stored ciphertexts were sealed with these exact strings: changing one locks every partner out
        assertThat(SecretKind.API_KEY.associatedData(12, 34)).isEqualTo("api-key/partner=12/key=34");
        assertThat(SecretKind.WEBHOOK_SECRET.associatedData(12, 34)).isEqualTo("webhook-secret/partner=12/secret=34");
        var bytes = new byte[32];
        bytes[0] = (byte) 0xfb;
        assertThat(SecretKind.API_KEY.format(bytes)).hasSize(43).startsWith("-w").doesNotContain("=");
        assertThat(SecretKind.WEBHOOK_SECRET.format(bytes)).isEqualTo("whsec_" + Base64.getEncoder().encodeToString(bytes));
        assertThat(SecretKind.WEBHOOK_SECRET.prefix()).isEqualTo("whsec_");
    }

    @Test
    void derivedSecretsDifferPerLabel() {
        var key = MasterKey.of(Base64.getDecoder().decode(KEY));
        assertThat(Secrets.derive(key, "image-links")).isNotEqualTo(Secrets.derive(key, "upload-urls"));
        assertThat(Secrets.derive(key, "image-links")).hasSize(32);
    }

    @Test
    @StartsProcesses
    void derivedSecretsAgreeAcrossTwoProcessesWithTheSameMasterKey() throws Exception {
        var here = HexFormat.of().formatHex(Secrets.derive(MasterKey.of(Base64.getDecoder().decode(KEY)), "image-links"));
        assertThat(deriveInAnotherProcess(KEY, "image-links")).isEqualTo(here);
        assertThat(deriveInAnotherProcess(KEY, "image-links")).isEqualTo(here);
        var otherKey = "AQECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
        assertThat(deriveInAnotherProcess(otherKey, "image-links")).isNotEqualTo(here);
    }

    @Test
    void masterKeyTextMustBe32Bytes() {
        assertThat(MasterKey.decode(KEY, "test")).hasSize(32);
        assertThat(MasterKey.decode("00".repeat(32), "test")).hasSize(32);
        assertThatThrownBy(() -> MasterKey.decode("c2hvcnQ=", "VERDICT_MASTER_KEY"))
                .hasMessageContaining("VERDICT_MASTER_KEY").hasMessageContaining("32 bytes");
    }

    private static String deriveInAnotherProcess(String key, String label) throws Exception {
        var process = ChildProcesses.start(new ProcessBuilder(ChildProcesses.java(), "-cp", System.getProperty("java.class.path"),
                DeriveSecretMain.class.getName(), key, label).redirectErrorStream(true));
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }
}
