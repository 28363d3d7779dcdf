package dev.verdict;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.operators.OperatorRole;
import dev.verdict.operators.SignIn;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.ChildProcesses;
import dev.verdict.testing.LogCapture;
import dev.verdict.testing.Ports;
import dev.verdict.testing.SettableClock;
import dev.verdict.testing.StartsProcesses;
import dev.verdict.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A first start on an empty data directory in sandbox mode, with nothing configured but ports. */
@StartsProcesses
class FirstStartTest {
    @TempDir
    Path dataDir;

    @Test
    void printsTheDemoPartnerTheCaAndACurlThatAnswersSigned2302() throws Exception {
        var env = Map.of(
                "VERDICT_DATA_DIR", dataDir.toString(),
                "VERDICT_HTTP_PORT", Integer.toString(Ports.free()),
                "VERDICT_HTTPS_PORT", Integer.toString(Ports.free()),
                "VERDICT_ADMIN_PORT", Integer.toString(Ports.free()));
        var clock = new SettableClock(Instant.now());
        String banner;
        String adminPassword;
        try (var log = LogCapture.start("dev.verdict"); var server = TestServer.start(env, clock)) {
            banner = server.banner();
            adminPassword = assertPrintsTheAdminOperatorOnce(banner, env.get("VERDICT_ADMIN_PORT"));
            assertThat(log.events()).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(adminPassword));
            assertThat(banner).contains("sandbox mode");
            var caLine = banner.lines().filter(l -> l.startsWith("NODE_EXTRA_CA_CERTS=")).findFirst().orElseThrow();
            var ca = Path.of(caLine.substring("NODE_EXTRA_CA_CERTS=".length()));
            assertThat(ca).exists().isEqualTo(dataDir.resolve("tls/ca.pem"));
            assertThat(Files.readString(ca)).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(banner).contains("Admin token (shown once");
            assertThat(dataDir.resolve("master.key")).exists();

            var credentials = json(banner.lines().filter(l -> l.startsWith("{\"partner_id\"")).findFirst().orElseThrow());
            var partnerId = credentials.get("partner_id").asText();
            var apiKey = credentials.get("api_key").asText();
            var curl = banner.lines().filter(l -> l.strip().startsWith("curl ")).findFirst().orElseThrow().strip();
            assertThat(curl).contains("--cacert " + ca).doesNotContain(" -k ", "--insecure");

            var process = ChildProcesses.start(new ProcessBuilder("bash", "-c", curl));
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            var answer = json(output);
            assertThat(answer.get("code").asText()).isEqualTo("2302");
            assertThat(answer.get("job_complete").booleanValue()).isTrue();
            assertThat(answer.get("job_success").booleanValue()).isTrue();
            assertThat(answer.get("result").get("ResultCode").asText()).isEqualTo("0840");
            assertThat(answer.get("image_links").get("selfie_image").asText()).contains("/images/");
            assertThat(answer.get("history")).hasSize(1);
            assertThat(new SidSignature(apiKey).verifies(answer.get("signature").asText(),
                    answer.get("timestamp").asText(), partnerId)).isTrue();
        }

        // a second start keeps the data: no new demo partner, no token printed again
        try (var again = TestServer.start(env, new SettableClock(Instant.now()))) {
            assertThat(again.banner()).doesNotContain("partner_id", "Admin token", "\"operator\"", adminPassword);
            assertThat(again.app().services().operators().list()).singleElement()
                    .satisfies(admin -> assertThat(admin.role()).isEqualTo(OperatorRole.ADMIN));
            assertThat(again.app().services().operators().authenticate("admin", adminPassword))
                    .isInstanceOf(SignIn.SignedIn.class);
            assertThat(again.banner()).contains("NODE_EXTRA_CA_CERTS=");
            assertThat(again.app().services().partners().list()).hasSize(1);
        }
    }

    /**
     * After the demo partner's line: one line {"operator":"admin","role":"admin","password":…} and the
     * console's URL on the admin listener (plain HTTP). Returns the password.
     */
    private static String assertPrintsTheAdminOperatorOnce(String banner, String adminPort) {
        var lines = banner.lines().toList();
        var partnerLine = lines.indexOf(lines.stream().filter(l -> l.startsWith("{\"partner_id\"")).findFirst().orElseThrow());
        var operatorLines = lines.stream().filter(l -> l.startsWith("{\"operator\"")).toList();
        assertThat(operatorLines).hasSize(1);
        var operatorLine = lines.indexOf(operatorLines.getFirst());
        assertThat(operatorLine).isGreaterThan(partnerLine);
        var admin = json(operatorLines.getFirst());
        assertThat(admin.size()).isEqualTo(3);
        assertThat(admin.get("operator").asText()).isEqualTo("admin");
        assertThat(admin.get("role").asText()).isEqualTo("admin");
        var password = admin.get("password").asText();
        assertThat(password).matches("[A-Za-z0-9_-]{24}");
        assertThat(lines.get(operatorLine + 1).strip()).isEqualTo("Console http://127.0.0.1:" + adminPort + "/console/");
        assertThat(banner.split(java.util.regex.Pattern.quote(password), -1)).as("the password is printed once").hasSize(2);
        return password;
    }
}
