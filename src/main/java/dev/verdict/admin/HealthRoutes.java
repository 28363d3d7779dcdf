package dev.verdict.admin;

import dev.verdict.db.Database;
import dev.verdict.http.Reply;
import dev.verdict.http.Routes;

/** {@code GET /health} for load balancers: 200 when this node can reach its database, else 503. */
public final class HealthRoutes {
    public static final String PATH = "/health";

    private HealthRoutes() {}

    public static void register(Routes routes, Database database) {
        routes.get(PATH, request -> {
            var databaseUp = database.ping();
            return Reply.json(databaseUp ? 200 : 503, Reply.Json.write(g -> {
                g.writeStringField("status", databaseUp ? "ok" : "unavailable");
                g.writeStringField("database", databaseUp ? "ok" : "unreachable");
            }));
        });
    }
}
