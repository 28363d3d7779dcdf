package dev.verdict;

import dev.verdict.config.Config;
import dev.verdict.demo.DemoData;
import dev.verdict.http.JsonSupport;
import dev.verdict.signing.SidSignature;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code verdict serve} prints on standard output. Credentials appear here only, never in the
 * log. The demo credentials are one line of JSON in the shape of {@code partner create}; the admin
 * operator's, one line in the shape of {@code operator create}.
 */
final class Banner {
    private Banner() {}

    static void print(PrintStream out, Config config, Optional<Path> generatedCa,
            Optional<Application.AdminToken> adminToken, Optional<DemoData.Created> demo) {
        out.println("Verdict is running in " + config.mode().name().toLowerCase(java.util.Locale.ROOT) + " mode");
        if (config.httpPort() > 0) {
            out.println("  HTTP    http://" + config.httpHost() + ":" + config.httpPort() + "/v1");
        }
        if (config.httpsPort() > 0) {
            out.println("  HTTPS   https://" + config.httpHost() + ":" + config.httpsPort() + "/v1");
        }
        if (config.adminPort() > 0) {
            out.println("  Admin   http://" + config.adminHost() + ":" + config.adminPort() + "/internal/v1"
                    + (adminToken.isEmpty() ? "  (no VERDICT_ADMIN_TOKEN: every call is refused)" : ""));
        }
        out.println("  Public URL " + config.publicUrl());
        generatedCa.ifPresent(ca -> out.println("NODE_EXTRA_CA_CERTS=" + ca));
        adminToken.filter(Application.AdminToken::generatedNow).ifPresent(token -> out.println(
                "Admin token (shown once; also in " + config.dataDir().resolve("admin.token") + "): " + token.value()));
        demo.ifPresent(created -> printDemo(out, config, generatedCa, created));
        out.flush();
    }

    private static void printDemo(PrintStream out, Config config, Optional<Path> ca, DemoData.Created demo) {
        var partnerId = Long.toString(demo.key().partnerId());
        out.println("First start: created a demo partner with one completed job (" + demo.smileJobId() + ").");
        out.println("{\"partner_id\":\"" + partnerId + "\",\"api_key\":\"" + demo.key().apiKey() + "\"}");
        // sandbox mode has no freshness window, so this signed request keeps working
        var timestamp = SidSignature.responseTimestamp(Instant.now());
        var signature = new SidSignature(demo.key().apiKey()).sign(timestamp, partnerId);
        var body = "{\"partner_id\":\"" + partnerId + "\",\"user_id\":\"" + DemoData.USER_ID + "\",\"job_id\":\""
                + DemoData.JOB_ID + "\",\"timestamp\":\"" + timestamp + "\",\"signature\":\"" + signature
                + "\",\"image_links\":true,\"history\":true}";
        var tlsFlag = ca.map(path -> "--cacert " + path + " ").orElse("");
        out.println("Try its job status:");
        out.println("  curl -s " + tlsFlag + config.publicBase() + "/v1/job_status -H 'Content-Type: application/json' -d '"
                + body + "'");
        out.println("First start: created an admin operator for the console (password shown once):");
        out.println(JsonSupport.MAPPER.createObjectNode().put("operator", demo.admin().operator())
                .put("role", demo.admin().role().wireName()).put("password", demo.admin().password()));
        out.println(config.adminPort() > 0
                ? "  Console " + consoleUrl(config)
                : "  Console off (VERDICT_ADMIN_PORT=0; it is served on the admin listener)");
    }

    /**
     * The console on the admin listener, which is plain HTTP (it binds to loopback or a private
     * network). A listener on every interface is reached here through loopback.
     */
    static String consoleUrl(Config config) {
        var host = config.adminHost();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("localhost")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + config.adminPort() + "/console/";
    }
}
