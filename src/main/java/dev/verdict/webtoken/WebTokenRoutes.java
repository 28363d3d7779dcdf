package dev.verdict.webtoken;

import dev.verdict.http.Reply;
import dev.verdict.http.Routes;

/** {@code POST /v1/token}: parses the body, issues the token, answers {@code {"success": true, "token": …}}. */
public final class WebTokenRoutes {
    /** The body is refused above this size (413). */
    static final int MAX_JSON_BYTES = 64 * 1024;

    private WebTokenRoutes() {}

    public static void register(Routes routes, WebTokenService service) {
        for (var path : new String[] {"/v1/token", "/v1//token"}) {
            routes.post(path, request -> {
                var token = service.issue(WebTokenRequest.parse(request.body(MAX_JSON_BYTES)));
                return Reply.json(200, Reply.Json.write(g -> {
                    g.writeBooleanField("success", true);
                    g.writeStringField("token", token);
                }));
            });
        }
    }
}
