package dev.verdict.admin;

import dev.verdict.http.Reply;
import dev.verdict.http.Routes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * {@code GET /openapi/v1.yaml} and {@code /openapi/internal.yaml}: the OpenAPI 3.1 documents of the v1
 * API and of the internal API (src/main/resources/openapi), on the admin listener, without a token:
 * they hold nothing secret. The contract tests hold them and the running server together.
 */
public final class OpenApiRoutes {
    static final String YAML = "application/yaml; charset=utf-8";

    private OpenApiRoutes() {}

    public static void register(Routes routes) {
        for (var name : new String[] {"v1.yaml", "internal.yaml"}) {
            var document = read("/openapi/" + name);
            routes.get("/openapi/" + name, request -> new Reply(200, YAML, document, Map.of("Cache-Control", "no-cache")));
        }
    }

    private static byte[] read(String resource) {
        try (var in = OpenApiRoutes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
