package dev.verdict.http;

import java.util.ArrayList;
import java.util.List;

/** The route table of one listener, read top to bottom. Paths may hold {name} parameters. */
public final class Routes {
    /** One route. */
    public record Route(String method, String path, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    public Routes get(String path, Handler handler) {
        return add("GET", path, handler);
    }

    public Routes post(String path, Handler handler) {
        return add("POST", path, handler);
    }

    public Routes put(String path, Handler handler) {
        return add("PUT", path, handler);
    }

    public Routes add(String method, String path, Handler handler) {
        routes.add(new Route(method, path, handler));
        return this;
    }

    public List<Route> all() {
        return List.copyOf(routes);
    }
}
