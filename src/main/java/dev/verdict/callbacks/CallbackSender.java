package dev.verdict.callbacks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs callbacks. Host names are resolved by the {@link TargetGuard} and the connection goes to the
 * very addresses it checked (Apache HttpClient's resolver hook), so a rebinding DNS answer cannot slip a
 * private address in. Redirects are never followed, automatic retries are off (the outbox retries),
 * and the whole exchange is cut off after twice the timeout however slowly the receiver trickles.
 */
public final class CallbackSender implements AutoCloseable {
    private final TargetGuard guard;
    private final boolean httpsOnly;
    private final Duration timeout;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        var thread = new Thread(r, "callback-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    /** What an attempt came to: a status code, or an error, and whether retrying can help. */
    public record Outcome(Integer statusCode, String error, boolean refused) {}

    /** Raised by the resolver hook when the guard refuses an address. */
    private static final class RefusedHost extends UnknownHostException {
        RefusedHost(String message) {
            super(message);
        }
    }

    public CallbackSender(TargetGuard guard, boolean httpsOnly, Duration timeout) {
        this.guard = guard;
        this.httpsOnly = httpsOnly;
        this.timeout = timeout;
        DnsResolver resolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return guard.resolve(host);
                } catch (TargetGuard.Refused e) {
                    throw new RefusedHost(e.getMessage());
                }
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return resolve(host)[0].getCanonicalHostName();
            }
        };
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(resolver)
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(Duration.ofSeconds(Math.min(5, timeout.toSeconds() + 1))))
                        .setSocketTimeout(Timeout.of(timeout))
                        .build())
                // HttpClient's default too; said here because a callback body spans segments (see benchmarks.md)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(4)
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .setUserAgent("Verdict-Callbacks/1")
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .build();
    }

    public Outcome post(String url, String body, Map<String, String> headers) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return new Outcome(null, "the callback URL is not a URL", true);
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !httpsOnly) || uri.getRawAuthority() == null) {
            return new Outcome(null, httpsOnly ? "callback targets must be https URLs" : "callback targets must be http(s) URLs",
                    true);
        }
        if (uri.getRawAuthority().contains("@")) {
            return new Outcome(null, "callback URLs may not carry user-info", true);
        }
        // java.net.URI gives no host for some spellings of an address (127.1, 0x7f.0.0.1): judge what was written
        var host = uri.getHost() != null ? uri.getHost() : hostOf(uri.getRawAuthority());
        try {
            guard.resolve(host); // refuse early, before a connection is even attempted
        } catch (TargetGuard.Refused e) {
            return new Outcome(null, e.getMessage(), true);
        }
        if (uri.getHost() == null) {
            return new Outcome(null, "the callback host '" + host + "' is not a valid host name", true);
        }
        var post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        var deadline = watchdog.schedule(() -> post.cancel(), timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        try (var response = client.executeOpen(null, post, null)) {
            // the body is not read: closing without consuming drops the connection, whatever the receiver sends
            return new Outcome(response.getCode(), null, false);
        } catch (RefusedHost e) {
            return new Outcome(null, e.getMessage(), true);
        } catch (IOException e) {
            var message = post.isCancelled() ? "timed out" : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome(null, message.length() > 300 ? message.substring(0, 300) : message, false);
        } finally {
            deadline.cancel(false);
        }
    }

    /** The host part of an authority without user-info: what precedes the port, brackets kept. */
    private static String hostOf(String authority) {
        var colon = authority.lastIndexOf(':');
        return colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    }

    @Override
    public void close() throws IOException {
        watchdog.shutdownNow();
        client.close();
    }
}
