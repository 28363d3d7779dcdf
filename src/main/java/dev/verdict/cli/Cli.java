package dev.verdict.cli;

import dev.verdict.Application;
import dev.verdict.audit.AuditLog;
import dev.verdict.callbacks.DeliveryJson;
import dev.verdict.config.Config;
import dev.verdict.config.ConfigException;
import dev.verdict.config.ConfigLoader;
import dev.verdict.files.PrivateFiles;
import dev.verdict.http.JsonSupport;
import dev.verdict.operators.IssuedPassword;
import dev.verdict.operators.OperatorException;
import dev.verdict.operators.OperatorRole;
import dev.verdict.partners.IssuedKey;
import dev.verdict.partners.PartnerException;
import dev.verdict.partners.PartnerStatus;
import dev.verdict.users.UserException;
import dev.verdict.privacy.PrivacyService;
import dev.verdict.audit.AuditLog;
import dev.verdict.http.ApiException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The {@code verdict} command line: {@code serve} and the operator commands (DESIGN §6). Operator
 * commands open the configured database directly; SQLite's file locks let them share the file
 * with a running server (no network port), and PostgreSQL is shared anyway. Results are one line of
 * JSON on standard output; every error is one line on standard error with exit code 2 (usage or
 * configuration) or 1 (not found, refused, failed). An operator command works on an existing
 * installation only: it will not create a data directory, database or master key unless given
 * {@code --init}.
 */
public final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage: verdict <command> [--init]
              serve                                             run the service
              partner create --name NAME                        new partner; prints {"partner_id","api_key"}
              partner list                                      one JSON line per partner
              partner rotate-key --partner ID                   add a key (the old one keeps working)
              partner revoke-key --partner ID                   revoke every key but the newest
              partner set-callback --partner ID --url URL       default callback URL ("" clears it)
              partner disable|enable --partner ID
              partner webhook-secret --partner ID               the active callback signing secrets (whsec_...)
              partner legacy-key --partner ID [--replace]       RSA key pair for pre-2023 SDKs (sec_key); prints
                                                                {"partner_id","legacy_api_key","public_key_pem","revoked"}
              partner rotate-webhook-secret --partner ID        add a signing secret (both sign until revoked)
              partner revoke-webhook-secret --partner ID        keep only the newest signing secret
              partner retention --partner ID [--images-days N --personal-days M]
                                                                the partner's retention periods (set them when given)
              user disable|enable --partner ID --user USER_ID
              user erase --partner ID --user USER_ID            erase one person's data; prints the signed receipt
              callbacks log --job SMILE_JOB_ID                  a job's deliveries and every attempt
              callbacks redrive --delivery ID | --all-dead      send DEAD deliveries again
              callbacks replay --job SMILE_JOB_ID               send all of a job's callbacks again, in order
              operator create --name NAME --role reviewer|admin  new console operator; prints {"operator","role","password"}
              operator list                                     one JSON line per operator
              operator disable|enable --name NAME               a disabled operator cannot sign in (sessions end)
              operator reset-password --name NAME               new password, same shape as create (sessions end)
              backup --to FILE                                  consistent online copy of the embedded database (0600)
            Operator commands use the server's data directory and database; --init lets one create them.
            Exit codes: 0 done, 1 not found or refused, 2 usage or configuration error.
            Configuration comes from VERDICT_* environment variables (see docs/operations.md).""";

    /**
     * The options an operator command takes: required ones with a value, optional ones with a value,
     * and flags without one. Every command also takes the flag --init.
     */
    private record Spec(Set<String> required, Set<String> optional, Set<String> flags) {
        static Spec of(String... required) {
            return new Spec(Set.of(required), Set.of(), Set.of());
        }

        boolean takesValue(String name) {
            return required.contains(name) || optional.contains(name);
        }
    }

    private static final Map<String, Spec> COMMANDS = Map.ofEntries(
            Map.entry("partner create", Spec.of("name")),
            Map.entry("partner list", Spec.of()),
            Map.entry("partner rotate-key", Spec.of("partner")),
            Map.entry("partner revoke-key", Spec.of("partner")),
            Map.entry("partner set-callback", Spec.of("partner", "url")),
            Map.entry("partner disable", Spec.of("partner")),
            Map.entry("partner enable", Spec.of("partner")),
            Map.entry("partner webhook-secret", Spec.of("partner")),
            Map.entry("partner legacy-key", new Spec(Set.of("partner"), Set.of(), Set.of("replace"))),
            Map.entry("partner rotate-webhook-secret", Spec.of("partner")),
            Map.entry("partner revoke-webhook-secret", Spec.of("partner")),
            Map.entry("user disable", Spec.of("partner", "user")),
            Map.entry("user enable", Spec.of("partner", "user")),
            Map.entry("user erase", Spec.of("partner", "user")),
            Map.entry("partner retention", new Spec(Set.of("partner"), Set.of("images-days", "personal-days"), Set.of())),
            Map.entry("callbacks log", Spec.of("job")),
            Map.entry("callbacks redrive", new Spec(Set.of(), Set.of("delivery"), Set.of("all-dead"))),
            Map.entry("callbacks replay", Spec.of("job")),
            Map.entry("operator create", Spec.of("name", "role")),
            Map.entry("operator list", Spec.of()),
            Map.entry("operator disable", Spec.of("name")),
            Map.entry("operator enable", Spec.of("name")),
            Map.entry("operator reset-password", Spec.of("name")),
            Map.entry("backup", Spec.of("to")));

    private static final String INIT = "init";
    /** Options whose value may be empty: --url "" clears a default callback URL. */
    private static final Set<String> MAY_BE_EMPTY = Set.of("url");

    /** Wrong use of the command line: exit 2. */
    private static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    /** Something named on the command line does not exist, or the command cannot be done: exit 1. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private Cli() {}

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            return dispatch(args, env, out, err);
        } catch (UsageError e) {
            err.println("verdict: " + oneLine(e));
            return USAGE;
        } catch (Refused | PartnerException | UserException | OperatorException | IllegalStateException
                | ApiException e) {
            err.println("verdict: " + oneLine(e));
            return FAILED;
        } catch (Exception e) {
            err.println("verdict: failed: " + oneLine(e));
            return FAILED;
        }
    }

    private static int dispatch(String[] args, Map<String, String> env, PrintStream out, PrintStream err)
            throws Exception {
        if (args.length == 0) {
            throw new UsageError("no command given; 'verdict help' lists the commands");
        }
        if (args[0].equals("help") || args[0].equals("--help")) {
            out.println(USAGE_TEXT);
            return OK;
        }
        if (args[0].equals("serve")) {
            if (args.length > 1) {
                throw new UsageError("serve takes no arguments (configuration comes from VERDICT_* variables)");
            }
            var config = config(env);
            routeJavaLoggingToSlf4j();
            return serve(config, out, err);
        }
        // a command is one word (backup) or two (partner create); options start with --
        var words = args.length >= 2 && !args[1].startsWith("--") ? 2 : 1;
        var command = String.join(" ", List.of(args).subList(0, words));
        var spec = COMMANDS.get(command);
        if (spec == null) {
            throw new UsageError("unknown command '" + command + "'; 'verdict help' lists the commands");
        }
        var options = Options.parse(command, spec, List.of(args).subList(words, args.length));
        if (command.equals("callbacks redrive") && options.flag("all-dead") == options.has("delivery")) {
            throw new UsageError("callbacks redrive takes either --delivery ID or --all-dead");
        }
        var role = command.equals("operator create") ? operatorRole(options) : null;
        var config = config(env);
        useInstallation(config, options.flag(INIT), err);
        routeJavaLoggingToSlf4j();
        if (command.equals("backup")) {
            return backup(config, Path.of(options.value("to")), out);
        }
        try (var database = Application.openDatabase(config)) {
            var services = Application.Services.open(config, database, InstantSource.system());
            var partners = services.partners();
            switch (command) {
                case "partner create" -> printKey(out, partners.create(options.value("name")));
                case "partner list" -> partners.list().forEach(p -> out.println(Json.object(
                        "partner_id", Long.toString(p.id()), "name", p.name(), "status", p.status().name(),
                        "default_callback_url", p.defaultCallbackUrl().orElse(null),
                        "active_keys", Integer.toString(p.activeKeys()))));
                case "partner rotate-key" -> printKey(out, partners.rotateKey(partnerId(options, services)));
                case "partner revoke-key" -> {
                    var id = partnerId(options, services);
                    out.println(Json.object("partner_id", Long.toString(id),
                            "revoked", Integer.toString(partners.revokeOlderKeys(id))));
                }
                case "partner set-callback" -> {
                    var id = partnerId(options, services);
                    var url = options.value("url"); // may be "": that clears the default
                    partners.setCallback(id, url);
                    out.println(Json.object("partner_id", Long.toString(id), "default_callback_url", url));
                }
                case "partner disable", "partner enable" -> {
                    var id = partnerId(options, services);
                    var status = args[1].equals("disable") ? PartnerStatus.DISABLED : PartnerStatus.ACTIVE;
                    partners.setStatus(id, status);
                    out.println(Json.object("partner_id", Long.toString(id), "status", status.name()));
                }
                case "partner webhook-secret" -> {
                    var id = partnerId(options, services);
                    var node = JsonSupport.MAPPER.createObjectNode().put("partner_id", Long.toString(id));
                    var array = node.putArray("webhook_secrets");
                    services.webhookSecrets().active(id).forEach(array::add);
                    out.println(node);
                }
                case "partner legacy-key" -> {
                    // the only moment the public key is shown; the private key never leaves Verdict
                    var key = partners.issueLegacyKey(partnerId(options, services), options.flag("replace"));
                    services.audit().record(new AuditLog.Entry(AuditLog.ActorType.SYSTEM, "local",
                            "partner.legacy_key_issued", key.partnerId(), null, null,
                            "legacy key " + key.keyId() + (key.revoked() > 0 ? ", " + key.revoked() + " revoked" : "")));
                    out.println(Json.object("partner_id", Long.toString(key.partnerId()), "legacy_api_key",
                            key.sdkApiKey(), "public_key_pem", key.publicKeyPem(), "revoked",
                            Integer.toString(key.revoked())));
                }
                case "partner rotate-webhook-secret" -> {
                    var id = partnerId(options, services);
                    out.println(Json.object("partner_id", Long.toString(id), "webhook_secret",
                            services.webhookSecrets().rotate(id)));
                }
                case "partner revoke-webhook-secret" -> {
                    var id = partnerId(options, services);
                    out.println(Json.object("partner_id", Long.toString(id), "revoked",
                            Integer.toString(services.webhookSecrets().revokeOlder(id))));
                }
                case "callbacks log" -> {
                    for (var logged : services.callbacks().log(smileJobId(options, services)).orElseThrow()) {
                        out.println(DeliveryJson.operatorLine(logged));
                    }
                }
                case "callbacks redrive" -> {
                    if (options.flag("all-dead")) {
                        out.println(Json.object("redriven", Integer.toString(services.callbacks().redriveAllDead())));
                    } else {
                        var delivery = options.value("delivery");
                        if (!delivery.matches("\\d{1,18}") || !services.callbacks().redrive(Long.parseLong(delivery))) {
                            throw new Refused("no DEAD delivery " + delivery + " (not found, or not DEAD)");
                        }
                        out.println(Json.object("redriven", "1"));
                    }
                }
                case "callbacks replay" -> out.println(Json.object("replayed",
                        Integer.toString(services.callbacks().replay(smileJobId(options, services)))));
                case "user erase" -> out.println(services.privacy().erase(partnerId(options, services),
                        options.value("user"), cliActor()).body());
                case "partner retention" -> {
                    var id = partnerId(options, services);
                    if (options.has("images-days") != options.has("personal-days")) {
                        throw new UsageError("partner retention takes both --images-days and --personal-days, or neither");
                    }
                    var policy = options.has("images-days")
                            ? services.privacy().setPolicy(id, days(options, "images-days"),
                                    days(options, "personal-days"), cliActor())
                            : services.privacy().policy(id);
                    out.println(JsonSupport.MAPPER.createObjectNode().put("partner_id", Long.toString(id))
                            .put("images_days", policy.imagesDays()).put("personal_days", policy.personalDays())
                            .put("defaults", policy.defaults()));
                }
                case "user disable", "user enable" -> {
                    var id = partnerId(options, services);
                    var user = options.value("user");
                    if (args[1].equals("disable")) {
                        services.users().disable(id, user);
                    } else {
                        services.users().enable(id, user);
                    }
                    out.println(Json.object("partner_id", Long.toString(id), "user_id", user, "status",
                            args[1].equals("disable") ? "DISABLED" : "ACTIVE"));
                }
                case "operator create" -> printPassword(out, services.operators().create(options.value("name"), role));
                case "operator list" -> services.operators().list().forEach(o -> out.println(
                        JsonSupport.MAPPER.createObjectNode().put("operator", o.name()).put("role", o.role().wireName())
                                .put("active", o.active()).put("created_at", o.createdAt().toString())));
                case "operator disable", "operator enable" -> {
                    var name = options.value("name");
                    var enable = args[1].equals("enable");
                    if (enable) {
                        services.operators().enable(name);
                    } else {
                        services.operators().disable(name);
                    }
                    out.println(JsonSupport.MAPPER.createObjectNode().put("operator", name).put("active", enable));
                }
                case "operator reset-password" -> printPassword(out,
                        services.operators().resetPassword(options.value("name")));
                default -> throw new IllegalStateException("no handler for " + command);
            }
            return OK;
        }
    }

    /**
     * Copies the embedded database, online, to a new owner-only file. Images are sealed under keys only
     * the master key opens; the file image store directory and the master key are backed up apart
     * (docs/operations.md, Backups).
     */
    private static int backup(Config config, Path target, PrintStream out) {
        if (config.postgres()) {
            throw new UsageError("backup copies the embedded SQLite database; back up PostgreSQL with pg_dump");
        }
        try (var database = Application.openDatabase(config)) {
            database.backupTo(target);
        }
        out.println(Json.object("backup", target.toAbsolutePath().toString()));
        return OK;
    }

    private static Config config(Map<String, String> env) {
        try {
            return ConfigLoader.load(env);
        } catch (ConfigException e) {
            throw new UsageError("invalid configuration: " + String.join("; ", e.problems()));
        }
    }

    /**
     * Says on standard error which data directory the command uses, and refuses one that holds no
     * installation: run without the server's environment, a command would otherwise quietly start a
     * new database and master key of its own. {@code --init} creates them on purpose.
     */
    private static void useInstallation(Config config, boolean init, PrintStream err) throws Exception {
        var dataDir = config.dataDir();
        var missing = new ArrayList<String>();
        if (!config.postgres() && !Files.isDirectory(dataDir.resolve("db"))) {
            missing.add("no database");
        }
        if (!config.masterKeyConfigured() && !Files.exists(dataDir.resolve("master.key"))) {
            missing.add("no master key");
        }
        if (!missing.isEmpty() && !init) {
            throw new Refused("no Verdict installation in data directory " + dataDir + " (" + String.join(", ", missing)
                    + "); run with the server's configuration (VERDICT_DATA_DIR and the rest),"
                    + " or add --init to create a new one there");
        }
        err.println("verdict: data directory " + dataDir
                + (config.postgres() ? ", database " + ConfigLoader.maskUrl(config.dbUrl()) : "")
                + (missing.isEmpty() ? "" : " (new: created by --init)"));
        if (init) {
            PrivateFiles.prepareDataDirectory(dataDir, !config.postgres());
        }
    }

    private static void routeJavaLoggingToSlf4j() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** An error as one line: its message's first line (a database error goes on with the SQL). */
    private static String oneLine(Exception e) {
        var message = e.getMessage() == null ? "" : e.getMessage().strip();
        return message.isEmpty() ? e.getClass().getSimpleName() : message.lines().findFirst().orElseThrow();
    }

    private static int serve(Config config, PrintStream out, PrintStream err) {
        try {
            var app = Application.start(config, InstantSource.system(), out);
            var stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "verdict-shutdown"));
            stopped.await();
            return OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OK;
        } catch (Exception e) {
            err.println("verdict: could not start: " + oneLine(e));
            return FAILED;
        }
    }

    private static void printKey(PrintStream out, IssuedKey key) {
        out.println(Json.object("partner_id", Long.toString(key.partnerId()), "api_key", key.apiKey()));
    }

    /** One line in the shape of {@code operator create}; the only place a password is printed. */
    private static void printPassword(PrintStream out, IssuedPassword issued) {
        out.println(Json.object("operator", issued.operator(), "role", issued.role().wireName(),
                "password", issued.password()));
    }

    /** The --role option of {@code operator create}, checked before anything is opened. */
    private static OperatorRole operatorRole(Options options) {
        return OperatorRole.fromWireName(options.value("role"))
                .orElseThrow(() -> new UsageError("--role must be reviewer or admin"));
    }

    /** Who acts from the command line: the host's user, as the audit log and erasure receipts name it. */
    private static PrivacyService.Actor cliActor() {
        return new PrivacyService.Actor(AuditLog.ActorType.SYSTEM, "cli:" + System.getProperty("user.name", "unknown"));
    }

    private static int days(Options options, String name) {
        var value = options.value(name);
        if (!value.matches("\\d{1,5}")) {
            throw new UsageError("--" + name + " must be a whole number of days");
        }
        return Integer.parseInt(value);
    }

    /** The --partner option (digits, checked by parse): a partner that exists. */
    private static long partnerId(Options options, Application.Services services) {
        var id = Long.parseLong(options.value("partner"));
        if (services.partners().find(id).isEmpty()) {
            throw new Refused("partner " + id + " not found");
        }
        return id;
    }

    /** The --job option: the smile_job_id of a job that exists. */
    private static String smileJobId(Options options, Application.Services services) {
        var job = options.value("job");
        if (services.jobs().find(job).isEmpty()) {
            throw new Refused("job " + job + " not found");
        }
        return job;
    }

    /**
     * The options after the command: each known to the command and given at most once, every
     * required one present, each value-taking one followed by a value that is not blank (unless
     * {@link #MAY_BE_EMPTY}) and does not start with "--" (so a forgotten value is noticed), and a
     * partner id made of digits.
     */
    private record Options(Map<String, String> values, Set<String> flags) {
        static Options parse(String command, Spec spec, List<String> args) {
            var values = new HashMap<String, String>();
            var flags = new HashSet<String>();
            for (int i = 0; i < args.size(); i++) {
                var arg = args.get(i);
                if (!arg.startsWith("--") || arg.length() == 2) {
                    throw new UsageError("unexpected argument '" + arg + "' (options are --name value)");
                }
                var name = arg.substring(2);
                if (values.containsKey(name) || flags.contains(name)) {
                    throw new UsageError(arg + " is given twice");
                }
                if (name.equals(INIT) || spec.flags().contains(name)) {
                    flags.add(name);
                } else if (spec.takesValue(name)) {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new UsageError(arg + " needs a value");
                    }
                    var value = args.get(++i);
                    if (value.isBlank() && !MAY_BE_EMPTY.contains(name)) {
                        throw new UsageError(arg + " must not be empty");
                    }
                    if (name.equals("partner") && !value.matches("\\d{1,18}")) {
                        throw new UsageError("--partner must be a partner id (digits)");
                    }
                    values.put(name, value);
                } else {
                    throw new UsageError("unknown option " + arg + " for '" + command + "'");
                }
            }
            for (var name : spec.required()) {
                if (!values.containsKey(name)) {
                    throw new UsageError("missing --" + name + " for '" + command + "'");
                }
            }
            return new Options(values, flags);
        }

        boolean flag(String name) {
            return flags.contains(name);
        }

        boolean has(String name) {
            return values.containsKey(name);
        }

        /** The value of an option that was given (parse checked the required ones). */
        String value(String name) {
            var value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("--" + name + " was not checked as required");
            }
            return value;
        }
    }

    /** One flat JSON object of string values (null values are written as null). */
    static final class Json {
        private Json() {}

        static String object(String... keysAndValues) {
            var node = JsonSupport.MAPPER.createObjectNode();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                node.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return node.toString();
        }
    }
}
