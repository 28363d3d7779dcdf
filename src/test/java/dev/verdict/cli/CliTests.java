package dev.verdict.cli;

import static dev.verdict.testing.TestServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.verdict.operators.OperatorService;
import dev.verdict.operators.SignIn;
import dev.verdict.testing.ServerTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The operator CLI's edges, run in-process through {@link Cli#run} against the running server's
 * database: every error is one line on standard error with exit 2 (usage) or 1 (not found), and a
 * command that fails changes nothing. Runs unchanged on SQLite and PostgreSQL.
 */
abstract class CliTests extends ServerTestBase {
    private static final String UNKNOWN_PARTNER = "99999999";
    private static final String UNKNOWN_JOB = "9999999999";

    private record Run(int exit, String out, List<String> err) {}

    private Run cli(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var exit = Cli.run(args, server.env(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    /** A usage error is found before anything is opened: one line, exit 2, nothing on standard output. */
    private static void assertUsageError(Run run, String message) {
        assertThat(run.exit()).as(run.err().toString()).isEqualTo(Cli.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).containsExactly("verdict: " + message);
    }

    /** A not-found error: the data directory line, then the one-line error, exit 1, nothing on standard output. */
    private void assertNotFound(Run run, String message) {
        assertThat(run.exit()).as(run.err().toString()).isEqualTo(Cli.FAILED);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).hasSize(2);
        assertThat(run.err().getFirst()).startsWith("verdict: data directory " + dataDir.toAbsolutePath().normalize());
        assertThat(run.err().getLast()).isEqualTo("verdict: " + message);
    }

    private List<String> partnerNames() {
        return server.app().services().partners().list().stream().map(p -> p.name()).toList();
    }

    @Test
    void aCommandPrintsItsJsonLineAndNamesTheDataDirectoryOnStandardError() {
        var run = cli("partner", "create", "--name", "CLI partner");
        assertThat(run.exit()).as(run.err().toString()).isEqualTo(Cli.OK);
        assertThat(run.out().lines()).hasSize(1);
        var key = json(run.out());
        assertThat(key.get("partner_id").asText()).matches("[1-9]\\d*");
        assertThat(key.get("api_key").asText()).isNotBlank();
        assertThat(run.err()).singleElement().asString()
                .startsWith("verdict: data directory " + dataDir.toAbsolutePath().normalize());
    }

    @Test
    void anOptionWithoutAValueIsAUsageErrorAndCreatesNothing() {
        var before = partnerNames();
        assertUsageError(cli("partner", "create", "--name"), "--name needs a value");
        assertUsageError(cli("partner", "create", "--name", "--init"), "--name needs a value");
        var partner = server.createPartner("Has a callback").partnerId();
        assertUsageError(cli("partner", "set-callback", "--partner", Long.toString(partner), "--url"),
                "--url needs a value");
        assertThat(partnerNames()).doesNotContain("true", "--init").hasSize(before.size() + 1);
    }

    @Test
    void aRepeatedOptionIsAUsageError() {
        assertUsageError(cli("partner", "create", "--name", "first", "--name", "second"), "--name is given twice");
        assertUsageError(cli("callbacks", "redrive", "--all-dead", "--all-dead"), "--all-dead is given twice");
        assertThat(partnerNames()).doesNotContain("first", "second");
    }

    @Test
    void anUnknownOptionArgumentOrCommandIsAUsageError() {
        assertUsageError(cli("partner", "list", "--verbose"), "unknown option --verbose for 'partner list'");
        assertUsageError(cli("partner", "create", "--name", "typo", "--nmae", "x"),
                "unknown option --nmae for 'partner create'");
        assertUsageError(cli("partner", "create", "--name", "extra", "words"),
                "unexpected argument 'words' (options are --name value)");
        assertUsageError(cli("partner", "frobnicate"),
                "unknown command 'partner frobnicate'; 'verdict help' lists the commands");
        assertUsageError(cli("partner", "rotate-key"), "missing --partner for 'partner rotate-key'");
        assertUsageError(cli("partner", "rotate-key", "--partner", "abc"), "--partner must be a partner id (digits)");
        assertUsageError(cli("callbacks", "redrive"), "callbacks redrive takes either --delivery ID or --all-dead");
        assertUsageError(cli(), "no command given; 'verdict help' lists the commands");
        assertThat(partnerNames()).doesNotContain("typo", "extra");
    }

    @Test
    void anUnknownPartnerIsNotFound() {
        for (var command : List.of("rotate-key", "revoke-key", "disable", "enable", "webhook-secret",
                "rotate-webhook-secret", "revoke-webhook-secret", "legacy-key")) {
            assertNotFound(cli("partner", command, "--partner", UNKNOWN_PARTNER),
                    "partner " + UNKNOWN_PARTNER + " not found");
        }
        assertNotFound(cli("partner", "set-callback", "--partner", UNKNOWN_PARTNER, "--url", "http://127.0.0.1:9/cb"),
                "partner " + UNKNOWN_PARTNER + " not found");
        assertNotFound(cli("user", "disable", "--partner", UNKNOWN_PARTNER, "--user", "someone"),
                "partner " + UNKNOWN_PARTNER + " not found");
    }

    @Test
    void aLegacyKeyIsPrintedOnceAndReplacedOnlyWhenAsked() throws Exception {
        var partner = Long.toString(server.createPartner("Legacy CLI partner").partnerId());
        var first = cli("partner", "legacy-key", "--partner", partner);
        assertThat(first.exit()).as(first.err().toString()).isEqualTo(Cli.OK);
        assertThat(first.out().lines()).hasSize(1);
        var key = json(first.out());
        assertThat(key.get("partner_id").asText()).isEqualTo(partner);
        var pem = key.get("public_key_pem").asText();
        assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        // the 1.x SDKs take base64 of the PEM as their api_key
        assertThat(new String(java.util.Base64.getDecoder().decode(key.get("legacy_api_key").asText()),
                StandardCharsets.US_ASCII)).isEqualTo(pem);
        assertThat(key.get("revoked").asText()).isEqualTo("0");
        assertThat(first.out()).doesNotContain("PRIVATE");

        var again = cli("partner", "legacy-key", "--partner", partner);
        assertThat(again.exit()).isEqualTo(Cli.FAILED);
        assertThat(again.out()).isEmpty();
        assertThat(again.err().getLast()).isEqualTo("verdict: partner " + partner
                + " already has a legacy key; --replace issues a new one and revokes it");

        var replaced = cli("partner", "legacy-key", "--partner", partner, "--replace");
        assertThat(replaced.exit()).as(replaced.err().toString()).isEqualTo(Cli.OK);
        assertThat(json(replaced.out()).get("revoked").asText()).isEqualTo("1");
        assertThat(json(replaced.out()).get("public_key_pem").asText()).isNotEqualTo(pem);
        var audited = server.app().services().audit().read(new dev.verdict.audit.AuditLog.Filter(
                java.util.Optional.empty(), java.util.Optional.empty(), java.util.Optional.of("partner.legacy_key_issued")),
                10);
        assertThat(audited).filteredOn(e -> partner.equals(String.valueOf(e.partnerId())))
                .extracting(e -> e.actorId() + " " + e.detail()).hasSize(2).allMatch(d -> d.startsWith("local legacy key "))
                .anyMatch(d -> d.endsWith(", 1 revoked"));
    }

    @Test
    void anUnknownJobIsNotFound() {
        assertNotFound(cli("callbacks", "replay", "--job", UNKNOWN_JOB), "job " + UNKNOWN_JOB + " not found");
        assertNotFound(cli("callbacks", "log", "--job", UNKNOWN_JOB), "job " + UNKNOWN_JOB + " not found");
        assertNotFound(cli("callbacks", "replay", "--job", "not-a-job"), "job not-a-job not found");
        assertNotFound(cli("callbacks", "redrive", "--delivery", "999999999"),
                "no DEAD delivery 999999999 (not found, or not DEAD)");
    }

    @Test
    void anUnknownUserIsNotFound() {
        var partner = Long.toString(server.createPartner("Users").partnerId());
        assertNotFound(cli("user", "disable", "--partner", partner, "--user", "never-seen"),
                "partner " + partner + " has no user with that user_id");
        assertNotFound(cli("user", "enable", "--partner", partner, "--user", "never-seen"),
                "partner " + partner + " has no enrolled or disabled user with that user_id");
    }

    private static List<String> keys(com.fasterxml.jackson.databind.JsonNode node) {
        var keys = new java.util.ArrayList<String>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void operatorCommandsCreateListDisableEnableAndResetPasswords() {
        var operators = server.app().services().operators();
        var created = cli("operator", "create", "--name", "cli-alice", "--role", "reviewer");
        assertThat(created.exit()).as(created.err().toString()).isEqualTo(Cli.OK);
        assertThat(created.out().lines()).hasSize(1);
        var issued = json(created.out());
        assertThat(keys(issued)).containsExactly("operator", "role", "password");
        assertThat(issued.get("operator").asText()).isEqualTo("cli-alice");
        assertThat(issued.get("role").asText()).isEqualTo("reviewer");
        var password = issued.get("password").asText();
        assertThat(password).matches("[A-Za-z0-9_-]{24}");
        assertThat(operators.authenticate("cli-alice", password)).isInstanceOf(SignIn.SignedIn.class);
        assertThat(cli("operator", "create", "--name", "cli-root", "--role", "admin").exit()).isEqualTo(Cli.OK);

        var listed = cli("operator", "list");
        assertThat(listed.exit()).isEqualTo(Cli.OK);
        var lines = listed.out().lines().map(line -> json(line)).toList();
        assertThat(lines).allSatisfy(line -> assertThat(keys(line))
                .containsExactly("operator", "role", "active", "created_at"));
        var alice = lines.stream().filter(line -> line.get("operator").asText().equals("cli-alice")).findFirst()
                .orElseThrow();
        assertThat(alice.get("role").asText()).isEqualTo("reviewer");
        assertThat(alice.get("active").booleanValue()).isTrue();
        // the CLI runs on the system clock
        assertThat(java.time.Instant.parse(alice.get("created_at").asText())).isBeforeOrEqualTo(java.time.Instant.now());
        assertThat(lines).anySatisfy(line -> assertThat(line.get("role").asText()).isEqualTo("admin"));
        assertThat(listed.out()).doesNotContain(password, "argon2");

        var disabled = cli("operator", "disable", "--name", "cli-alice");
        assertThat(disabled.exit()).isEqualTo(Cli.OK);
        assertThat(json(disabled.out()).toString()).isEqualTo("{\"operator\":\"cli-alice\",\"active\":false}");
        assertThat(operators.authenticate("cli-alice", password)).isInstanceOf(SignIn.Disabled.class);
        var enabled = cli("operator", "enable", "--name", "cli-alice");
        assertThat(json(enabled.out()).toString()).isEqualTo("{\"operator\":\"cli-alice\",\"active\":true}");
        assertThat(operators.authenticate("cli-alice", password)).isInstanceOf(SignIn.SignedIn.class);

        var reset = cli("operator", "reset-password", "--name", "cli-alice");
        assertThat(reset.exit()).isEqualTo(Cli.OK);
        var renewed = json(reset.out());
        assertThat(keys(renewed)).containsExactly("operator", "role", "password");
        assertThat(renewed.get("role").asText()).isEqualTo("reviewer");
        assertThat(renewed.get("password").asText()).isNotEqualTo(password);
        assertThat(operators.authenticate("cli-alice", password)).isInstanceOf(SignIn.WrongCredentials.class);
        assertThat(operators.authenticate("cli-alice", renewed.get("password").asText()))
                .isInstanceOf(SignIn.SignedIn.class);
    }

    @Test
    void operatorCommandErrorsAreOneLine() {
        assertUsageError(cli("operator", "create", "--name", "no-role"), "missing --role for 'operator create'");
        assertUsageError(cli("operator", "create", "--name", "boss", "--role", "boss"),
                "--role must be reviewer or admin");
        assertUsageError(cli("operator", "disable"), "missing --name for 'operator disable'");
        assertThat(server.app().services().operators().find("boss")).isEmpty();
        assertNotFound(cli("operator", "create", "--name", "Not Valid", "--role", "reviewer"),
                OperatorService.NAME_RULE);
        assertThat(cli("operator", "create", "--name", "cli-twice", "--role", "reviewer").exit()).isEqualTo(Cli.OK);
        assertNotFound(cli("operator", "create", "--name", "cli-twice", "--role", "admin"),
                "operator cli-twice already exists");
        for (var command : List.of("disable", "enable", "reset-password")) {
            assertNotFound(cli("operator", command, "--name", "nobody"), "operator nobody not found");
        }
    }
}
