package dev.verdict.http;

import dev.verdict.v1.V1Code;
import dev.verdict.v1.V1Exception;
import io.helidon.common.tls.Tls;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.http1.Http1Config;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The only class that knows the web framework (Helidon SE), with {@link Request} and
 * {@link ReadDeadlines}. It serves {@link Routes} on named listeners under the same
 * {@link ConnectionLimits}, and guarantees that every answer, including the framework's own 404, 405,
 * 413 and 500, is JSON and carries a request id ({@link RequestIds}), which every log line written while
 * the request is handled carries too. A listener's {@link RateLimits} are applied here.
 */
public final class WebServerHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServerHost.class);
    /** Transport-level cap; each handler applies its own, smaller cap while reading. */
    private static final long MAX_PAYLOAD = 1024L * 1024 * 1024;
    private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);

    /** Error codes a listener uses for failures the framework detects. */
    public record FrameworkCodes(String payloadTooLarge, String internalError) {
        /** The v1 API answers with the job_status family's codes (DESIGN §3.2). */
        public static final FrameworkCodes V1 = new FrameworkCodes(V1Code.STATUS_INVALID_JSON.code(),
                V1Code.STATUS_SYSTEM_ERROR.code());
        public static final FrameworkCodes INTERNAL = new FrameworkCodes(ErrorCode.PAYLOAD_TOO_LARGE.code(),
                ErrorCode.INTERNAL_ERROR.code());
    }

    /** One listener: where it binds, whether TLS is on, what it serves, and under which rate limits. */
    public record Listener(String name, String host, int port, Optional<SSLContext> tls, Routes routes,
            FrameworkCodes codes, RateLimits limits) {
        /** A listener without rate limits. */
        public Listener(String name, String host, int port, Optional<SSLContext> tls, Routes routes,
                FrameworkCodes codes) {
            this(name, host, port, tls, routes, codes, RateLimits.OFF);
        }
    }

    private final WebServer server;
    private final ReadDeadlines deadlines;
    private final RequestObserver observer;

    public WebServerHost(List<Listener> listeners, ConnectionLimits limits) {
        this(listeners, limits, RequestObserver.NONE);
    }

    /** {@code observer} is told of every answer a route (or the unmatched-path handler) sends. */
    public WebServerHost(List<Listener> listeners, ConnectionLimits limits, RequestObserver observer) {
        this.observer = observer;
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("no listener configured");
        }
        this.deadlines = new ReadDeadlines(limits.headerTimeout(), limits.bodyTimeout());
        var builder = WebServerConfig.builder().shutdownHook(false);
        var first = listeners.getFirst();
        configure(builder, first, limits);
        builder.routing(routing(first));
        for (var listener : listeners.subList(1, listeners.size())) {
            builder.putSocket(listener.name(), socket -> configure(socket, listener, limits));
            builder.routing(listener.name(), routing(listener));
        }
        this.server = builder.build();
    }

    /** What every listener shares: the caps, the timeouts, JSON for the framework's own errors. */
    private void configure(ListenerConfig.BuilderBase<?, ?> socket, Listener listener, ConnectionLimits limits) {
        socket.host(listener.host())
                .port(listener.port())
                .maxPayloadSize(MAX_PAYLOAD)
                .shutdownGracePeriod(Duration.ofSeconds(2))
                .directHandlers(directHandlers(listener.codes()))
                .idleConnectionTimeout(limits.idleTimeout())
                .idleConnectionPeriod(idleCheckPeriod(limits.idleTimeout()))
                .maxTcpConnections(limits.maxConnections())
                // an answer larger than one segment (history, images) otherwise waits for the client's
                // delayed ACK (Nagle): about 40 ms per answer on loopback, measured in docs/benchmarks.md
                .connectionOptions(options -> options.tcpNoDelay(true))
                // exactly one protocol: with two candidates the framework reads a new connection's first bytes
                // before it tracks the connection, and a client that never sends one escapes the idle timeout
                .protocolsDiscoverServices(false)
                .protocols(List.of(Http1Config.builder().addReceiveListener(deadlines.headerListener()).build()));
        listener.tls().ifPresent(ctx -> socket.tls(Tls.builder().sslContext(ctx).build()));
    }

    /**
     * How often idle connections are looked for: a quarter of the timeout, so one closes within about
     * 1.25 times it (the framework measures idleness to the second).
     */
    private static Duration idleCheckPeriod(Duration idleTimeout) {
        return Duration.ofMillis(Math.clamp(idleTimeout.toMillis() / 4, 250, 5_000));
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
        deadlines.close();
    }

    private HttpRouting.Builder routing(Listener listener) {
        var routing = HttpRouting.builder();
        var routes = listener.routes().all();
        for (var route : routes) {
            routing.route(Method.create(route.method()), route.path(),
                    (req, res) -> observed(listener, route.path(), req, res, route.handler()));
        }
        // one pattern for every route's path: a path some other method serves answers 405, any other 404
        var routed = Pattern.compile(String.join("|", routes.stream().map(r -> "(?:" + toPattern(r.path()) + ")")
                .distinct().toList()));
        Handler unrouted = request -> routed.matcher(request.path()).matches()
                ? ErrorReplies.of(ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.method() + " not allowed")
                : ErrorReplies.of(ErrorCode.NOT_FOUND, ErrorCode.NOT_FOUND.text());
        routing.any((req, res) -> observed(listener, RequestObserver.UNMATCHED, req, res, unrouted));
        routing.error(Throwable.class, (req, res, t) -> {
            // the id respond() set on the answer, or (should the failure come before it) a new one
            var requestId = res.headers().first(REQUEST_ID).orElseGet(() -> requestId(req.headers().first(REQUEST_ID)));
            MDC.put(RequestIds.MDC_KEY, requestId);
            try {
                LOG.error("unhandled error on {} {}", req.prologue().method().text(), req.path().path(), t);
                res.header(REQUEST_ID, requestId);
                send(res, ErrorReplies.internalError(listener.codes().internalError()));
            } finally {
                MDC.remove(RequestIds.MDC_KEY);
            }
        });
        return routing;
    }

    /** The metrics hook: {@link #respond}, timed and reported to the {@link RequestObserver} once. */
    private void observed(Listener listener, String route, ServerRequest req, ServerResponse res, Handler handler) {
        var start = System.nanoTime();
        var outcome = new int[] {500};
        var code = new String[1];
        try {
            respond(req, res, listener, handler, outcome, code);
        } finally {
            observer.answered(listener.name(), route, req.prologue().method().text(), outcome[0], code[0],
                    System.nanoTime() - start);
        }
    }

    /**
     * Answers one request. A body the handler left unread is read to its end first, under the body
     * deadline. A client that went away or stalled is not an error of Verdict's: one DEBUG line, and
     * the connection is dropped (there is no one left to answer).
     */
    private void respond(ServerRequest req, ServerResponse res, Listener listener, Handler handler, int[] status,
            String[] code) {
        var requestId = requestId(req.headers().first(REQUEST_ID));
        res.header(REQUEST_ID, requestId);
        // each request runs on a virtual thread of its own: the id is set for exactly this handling
        MDC.put(RequestIds.MDC_KEY, requestId);
        try {
            var codes = listener.codes();
            var request = new Request(req, deadlines);
            Reply reply;
            try {
                reply = answer(handler, request, codes, listener.limits());
                request.discardRestOfBody();
            } catch (BodyReadException e) {
                LOG.debug("{} {}: {}", request.method(), request.path(), e.getMessage());
                if (e.reason() == BodyReadException.Reason.MALFORMED) {
                    // nothing after a broken frame can be read as a request: answer, then close
                    var bodyCode = e.status() == 413 ? codes.payloadTooLarge() : ErrorCode.BAD_REQUEST.code();
                    send(res, ErrorReplies.malformedBody(e.status(), bodyCode));
                    status[0] = e.status();
                    code[0] = bodyCode;
                } else {
                    status[0] = 499; // the client went away or stalled: nobody was answered
                }
                // the framework closes the connection quietly on this exception (a header alone does not close it)
                throw new CloseConnectionException("request body not read: " + e.getMessage());
            }
            status[0] = reply.status();
            code[0] = reply.code();
            send(res, reply);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /** The client's id when it is sane, else a new one. */
    private static String requestId(Optional<String> offered) {
        return RequestIds.accept(offered.orElse(null));
    }

    /** The handler's reply, or the answer to what it threw: the one place refusals become replies. */
    private static Reply answer(Handler handler, Request request, FrameworkCodes codes, RateLimits limits)
            throws BodyReadException {
        try {
            limits.chargeAddress(request); // before anything is read or looked up
            return handler.handle(request);
        } catch (BodyReadException e) {
            throw e;
        } catch (TooManyRequestsException e) {
            LOG.debug("{} {}: {}", request.method(), request.path(), e.getMessage());
            return ErrorReplies.tooManyRequests(e);
        } catch (V1Exception e) {
            return ErrorReplies.of(e);
        } catch (ApiException e) {
            return ErrorReplies.of(e);
        } catch (BodyTooLargeException e) {
            return ErrorReplies.payloadTooLarge(codes.payloadTooLarge(), e.limit());
        } catch (Exception e) {
            // the message may quote input; log only the type and where it happened
            LOG.error("handler failed on {} {}: {}", request.method(), request.path(), e.getClass().getName(), e);
            return ErrorReplies.internalError(codes.internalError());
        }
    }

    private static void send(ServerResponse res, Reply reply) {
        res.status(Status.create(reply.status()));
        res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        reply.headers().forEach(res::header);
        res.send(reply.body());
    }

    /** A route path as a regular expression: literal text, each {@code {parameter}} one path segment. */
    private static String toPattern(String path) {
        return Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
    }

    /** JSON for the errors the framework answers before any route runs (bad request line, too large ...). */
    private static DirectHandlers directHandlers(FrameworkCodes codes) {
        var builder = DirectHandlers.builder();
        for (var type : DirectHandler.EventType.values()) {
            builder.addHandler(type, (request, eventType, status, headers, message) -> {
                var code = switch (eventType) {
                    case PAYLOAD_TOO_LARGE -> codes.payloadTooLarge();
                    case INTERNAL_ERROR -> codes.internalError();
                    case BAD_REQUEST -> ErrorCode.BAD_REQUEST.code();
                    case FORBIDDEN -> ErrorCode.FORBIDDEN.code();
                    default -> "http_" + status.code();
                };
                var body = ErrorReplies.framework(status.code(), code, status.reasonPhrase()).body();
                return DirectHandler.TransportResponse.builder()
                        .status(status)
                        .headers(headers)
                        .header(HeaderNames.CONTENT_TYPE, Reply.JSON)
                        .header(REQUEST_ID, requestId(request.headers().first(REQUEST_ID)))
                        .entity(body)
                        .build();
            });
        }
        return builder.build();
    }
}
