package dev.verdict.cli;

import dev.verdict.Application;
import dev.verdict.config.Config;
import dev.verdict.config.ConfigException;
import dev.verdict.config.ConfigLoader;
import dev.verdict.partners.IssuedKey;
import dev.verdict.partners.PartnerException;
import dev.verdict.partners.PartnerStatus;
import dev.verdict.users.UserException;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The {@code verdict} command line: {@code serve} and the operator commands (DESIGN §6). Operator
 * commands open the configured database directly; SQLite's file locks let them share the file
 * with a running server (no network port), and PostgreSQL is shared anyway. Results are one line of JSON on standard output.
 */
public final class Cli {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage: verdict <command>
              serve                                             run the service
              partner create --name NAME                        new partner; prints {"partner_id","api_key"}
              partner list                                      one JSON line per partner
              partner rotate-key --partner ID                   add a key (the old one keeps working)
              partner revoke-key --partner ID                   revoke every key but the newest
              partner set-callback --partner ID --url URL       default callback URL ("" clears it)
              partner disable|enable --partner ID
              partner webhook-secret --partner ID               the active callback signing secrets (whsec_...)
              partner rotate-webhook-secret --partner ID        add a signing secret (both sign until revoked)
              partner revoke-webhook-secret --partner ID        keep only the newest signing secret
              user disable|enable --partner ID --user USER_ID
              callbacks log --job SMILE_JOB_ID                  a job's deliveries and every attempt
              callbacks redrive --delivery ID | --all-dead      send DEAD deliveries again
              callbacks replay --job SMILE_JOB_ID               send all of a job's callbacks again, in order
            Configuration comes from VERDICT_* environment variables (see docs/operations.md).""";

    private Cli() {}

    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            out.println(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        Config config;
        try {
            config = ConfigLoader.load(env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (args[0].equals("serve")) {
            return serve(config, out, err);
        }
        var command = String.join(" ", List.of(args).subList(0, Math.min(2, args.length)));
        Map<String, String> options;
        try {
            options = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        try (var database = Application.openDatabase(config)) {
            var services = Application.Services.open(config, database, InstantSource.system());
            var partners = services.partners();
            switch (command) {
                case "partner create" -> printKey(out, partners.create(required(options, "name")));
                case "partner list" -> partners.list().forEach(p -> out.println(Json.object(
                        "partner_id", Long.toString(p.id()), "name", p.name(), "status", p.status().name(),
                        "default_callback_url", p.defaultCallbackUrl().orElse(null),
                        "active_keys", Integer.toString(p.activeKeys()))));
                case "partner rotate-key" -> printKey(out, partners.rotateKey(partnerId(options)));
                case "partner revoke-key" -> {
                    var id = partnerId(options);
                    out.println(Json.object("partner_id", Long.toString(id),
                            "revoked", Integer.toString(partners.revokeOlderKeys(id))));
                }
                case "partner set-callback" -> {
                    var id = partnerId(options);
                    partners.setCallback(id, options.getOrDefault("url", ""));
                    out.println(Json.object("partner_id", Long.toString(id), "default_callback_url",
                            options.getOrDefault("url", "")));
                }
                case "partner disable", "partner enable" -> {
                    var id = partnerId(options);
                    var status = args[1].equals("disable") ? PartnerStatus.DISABLED : PartnerStatus.ACTIVE;
                    partners.setStatus(id, status);
                    out.println(Json.object("partner_id", Long.toString(id), "status", status.name()));
                }
                case "partner webhook-secret" -> {
                    var id = partnerId(options);
                    var node = dev.verdict.http.JsonSupport.MAPPER.createObjectNode().put("partner_id", Long.toString(id));
                    var array = node.putArray("webhook_secrets");
                    services.webhookSecrets().active(id).forEach(array::add);
                    out.println(node);
                }
                case "partner rotate-webhook-secret" -> {
                    var id = partnerId(options);
                    out.println(Json.object("partner_id", Long.toString(id), "webhook_secret",
                            services.webhookSecrets().rotate(id)));
                }
                case "partner revoke-webhook-secret" -> {
                    var id = partnerId(options);
                    out.println(Json.object("partner_id", Long.toString(id), "revoked",
                            Integer.toString(services.webhookSecrets().revokeOlder(id))));
                }
                case "callbacks log" -> {
                    var job = required(options, "job");
                    var log = services.callbacks().log(job)
                            .orElseThrow(() -> new IllegalArgumentException("--job must be a smile_job_id"));
                    for (var logged : log) {
                        var d = logged.delivery();
                        var node = dev.verdict.http.JsonSupport.MAPPER.createObjectNode()
                                .put("delivery", Long.toString(d.id())).put("webhook_id", d.webhookId())
                                .put("seq", Integer.toString(d.seq())).put("state", d.state().name())
                                .put("attempts", Integer.toString(d.attempts())).put("target_url", d.targetUrl())
                                .put("next_attempt_at", d.nextAttemptAt().toString())
                                .put("last_error", d.lastError().orElse(null));
                        var attempts = node.putArray("log");
                        for (var attempt : logged.attempts()) {
                            attempts.addObject().put("attempt", attempt.attempt()).put("at", attempt.at().toString())
                                    .put("status_code", attempt.statusCode().orElse(null))
                                    .put("error", attempt.error().orElse(null));
                        }
                        out.println(node);
                    }
                }
                case "callbacks redrive" -> {
                    if (options.containsKey("all-dead")) {
                        out.println(Json.object("redriven", Integer.toString(services.callbacks().redriveAllDead())));
                    } else {
                        var delivery = required(options, "delivery");
                        if (!delivery.matches("\\d{1,18}") || !services.callbacks().redrive(Long.parseLong(delivery))) {
                            throw new IllegalStateException("no DEAD delivery " + delivery);
                        }
                        out.println(Json.object("redriven", "1"));
                    }
                }
                case "callbacks replay" -> out.println(Json.object("replayed",
                        Integer.toString(services.callbacks().replay(required(options, "job")))));
                case "user disable", "user enable" -> {
                    var id = partnerId(options);
                    var user = required(options, "user");
                    if (args[1].equals("disable")) {
                        services.users().disable(id, user);
                    } else {
                        services.users().enable(id, user);
                    }
                    out.println(Json.object("partner_id", Long.toString(id), "user_id", user, "status",
                            args[1].equals("disable") ? "DISABLED" : "ACTIVE"));
                }
                default -> {
                    err.println("unknown command: " + command + "\n" + USAGE_TEXT);
                    return USAGE;
                }
            }
            return OK;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return USAGE;
        } catch (PartnerException | UserException | IllegalStateException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("failed: " + e);
            return FAILED;
        }
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
            err.println("Verdict could not start: " + e.getMessage());
            return FAILED;
        }
    }

    private static void printKey(PrintStream out, IssuedKey key) {
        out.println(Json.object("partner_id", Long.toString(key.partnerId()), "api_key", key.apiKey()));
    }

    private static long partnerId(Map<String, String> options) {
        var text = required(options, "partner");
        if (!text.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("--partner must be a partner id (digits)");
        }
        return Long.parseLong(text);
    }

    private static String required(Map<String, String> options, String name) {
        var value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    static Map<String, String> options(String[] args) {
        var options = new HashMap<String, String>();
        for (int i = 2; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                options.put(args[i].substring(2), "true"); // a flag such as --all-dead
            } else {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        return options;
    }

    /** One flat JSON object of string values (null values are written as null). */
    static final class Json {
        private Json() {}

        static String object(String... keysAndValues) {
            var node = dev.verdict.http.JsonSupport.MAPPER.createObjectNode();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                node.put(keysAndValues[i], keysAndValues[i + 1]);
            }
            return node.toString();
        }
    }
}
