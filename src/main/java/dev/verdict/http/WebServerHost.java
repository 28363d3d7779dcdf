package dev.verdict.http;

import io.helidon.common.tls.Tls;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only class that knows the web framework (Helidon SE). It serves {@link Routes} on named
 * listeners and guarantees that every answer, including the framework's own 404, 405, 413 and
 * 500, is JSON.
 */
public final class WebServerHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServerHost.class);
    /** Transport-level cap; each handler applies its own, smaller cap while reading. */
    private static final long MAX_PAYLOAD = 1024L * 1024 * 1024;

    /** Error codes a listener uses for failures the framework detects. */
    public record FrameworkCodes(String payloadTooLarge, String internalError) {
        /** The v1 API answers with the job_status family's codes (DESIGN §3.2). */
        public static final FrameworkCodes V1 = new FrameworkCodes("2303", "2301");
        public static final FrameworkCodes INTERNAL = new FrameworkCodes("payload_too_large", "internal_error");
    }

    /** One listener: where it binds, whether TLS is on, and what it serves. */
    public record Listener(String name, String host, int port, Optional<SSLContext> tls, Routes routes,
            FrameworkCodes codes) {}

    private final WebServer server;

    public WebServerHost(List<Listener> listeners) {
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("no listener configured");
        }
        var builder = WebServerConfig.builder().shutdownHook(false);
        var first = listeners.getFirst();
        configureDefault(builder, first);
        for (var listener : listeners.subList(1, listeners.size())) {
            builder.putSocket(listener.name(), socket -> {
                socket.host(listener.host()).port(listener.port()).maxPayloadSize(MAX_PAYLOAD)
                        .shutdownGracePeriod(Duration.ofSeconds(2))
                        .directHandlers(directHandlers(listener.codes()));
                listener.tls().ifPresent(ctx -> socket.tls(Tls.builder().sslContext(ctx).build()));
            });
            builder.routing(listener.name(), routing(listener));
        }
        this.server = builder.build();
    }

    private static void configureDefault(WebServerConfig.Builder builder, Listener listener) {
        builder.host(listener.host()).port(listener.port()).maxPayloadSize(MAX_PAYLOAD)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .directHandlers(directHandlers(listener.codes()))
                .routing(routing(listener));
        listener.tls().ifPresent(ctx -> builder.tls(Tls.builder().sslContext(ctx).build()));
    }

    public WebServerHost start() {
        server.start();
        return this;
    }

    /** The bound port of a listener (useful when configured as an ephemeral port). */
    public int port(String listenerName, boolean isDefault) {
        return isDefault ? server.port() : server.port(listenerName);
    }

    @Override
    public void close() {
        server.stop();
    }

    private static HttpRouting.Builder routing(Listener listener) {
        var routing = HttpRouting.builder();
        var routes = listener.routes().all();
        for (var route : routes) {
            routing.route(Method.create(route.method()), route.path(),
                    (req, res) -> dispatch(route.handler(), listener.codes(), req, res));
        }
        var paths = routes.stream().map(r -> toPattern(r.path())).toList();
        routing.any((req, res) -> {
            var path = req.path().path();
            var pathKnown = paths.stream().anyMatch(p -> p.matcher(path).matches());
            var reply = pathKnown
                    ? Reply.error(405, "method_not_allowed", "Method " + req.prologue().method().text() + " not allowed")
                    : Reply.error(404, "not_found", "No such endpoint");
            send(res, reply);
        });
        routing.error(Throwable.class, (req, res, t) -> {
            LOG.error("unhandled error on {} {}", req.prologue().method().text(), req.path().path(), t);
            send(res, Reply.error(500, listener.codes().internalError(), "System error"));
        });
        return routing;
    }

    private static void dispatch(Handler handler, FrameworkCodes codes, ServerRequest req, ServerResponse res) {
        Reply reply;
        try {
            reply = handler.handle(new Request(req));
        } catch (BodyTooLargeException e) {
            reply = Reply.error(413, codes.payloadTooLarge(), "Request body too large (limit " + e.limit() + " bytes)");
        } catch (Exception e) {
            // the message may quote input; log only the type and where it happened
            LOG.error("handler failed on {} {}: {}", req.prologue().method().text(), req.path().path(),
                    e.getClass().getName(), e);
            reply = Reply.error(500, codes.internalError(), "System error");
        }
        send(res, reply);
    }

    private static void send(ServerResponse res, Reply reply) {
        res.status(Status.create(reply.status()));
        res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        reply.headers().forEach(res::header);
        res.send(reply.body());
    }

    private static Pattern toPattern(String path) {
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    /** JSON for the errors the framework answers before any route runs (bad request line, too large ...). */
    private static DirectHandlers directHandlers(FrameworkCodes codes) {
        var builder = DirectHandlers.builder();
        for (var type : DirectHandler.EventType.values()) {
            builder.addHandler(type, (request, eventType, status, headers, message) -> {
                var code = switch (eventType) {
                    case PAYLOAD_TOO_LARGE -> codes.payloadTooLarge();
                    case INTERNAL_ERROR -> codes.internalError();
                    case BAD_REQUEST -> "bad_request";
                    case FORBIDDEN -> "forbidden";
                    default -> "http_" + status.code();
                };
                var body = Reply.error(status.code(), code, status.reasonPhrase()).body();
                return DirectHandler.TransportResponse.builder()
                        .status(status)
                        .headers(headers)
                        .header(HeaderNames.CONTENT_TYPE, Reply.JSON)
                        .entity(body)
                        .build();
            });
        }
        return builder.build();
    }
}
