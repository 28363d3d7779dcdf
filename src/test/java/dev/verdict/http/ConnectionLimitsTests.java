package dev.verdict.http;

import static dev.verdict.testing.TestServer.json;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.verdict.partners.IssuedKey;
import dev.verdict.signing.SidSignature;
import dev.verdict.testing.Images;
import dev.verdict.testing.LogCapture;
import dev.verdict.testing.ServerTestBase;
import dev.verdict.testing.TestServer;
import dev.verdict.testing.Zips;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Every listener under clients that misbehave on the wire (raw sockets, as an attacker would): idle,
 * slow and stalled connections are closed within their timeouts, a listener holds at most its bound
 * of connections, a broken chunk is answered 400, and none of it — nor a client dropping mid-body —
 * logs an error or a stack trace. Short timeouts keep the tests fast.
 */
abstract class ConnectionLimitsTests extends ServerTestBase {
    private static final Duration IDLE = Duration.ofSeconds(3);
    private static final Duration HEADERS = Duration.ofSeconds(1);
    private static final Duration BODY = Duration.ofSeconds(1);
    private static final int MAX_CONNECTIONS = 3;
    /** The idle timeout is enforced to the second, checked every quarter of it; the others within a tenth. */
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final String TS = "2026-03-01T12:00:00.000Z";

    private IssuedKey partner;

    @Override
    protected void configure(Map<String, String> env) {
        env.put("VERDICT_HTTP_IDLE_TIMEOUT", IDLE.toSeconds() + "s");
        env.put("VERDICT_HTTP_HEADER_TIMEOUT", HEADERS.toSeconds() + "s");
        env.put("VERDICT_HTTP_BODY_TIMEOUT", BODY.toSeconds() + "s");
        env.put("VERDICT_HTTP_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS));
        env.put("VERDICT_SANDBOX_JOB_TYPES", "none");
    }

    @Override
    protected void started() {
        partner = server.createPartner("Connection limits partner");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private int port(String key) {
        return Integer.parseInt(server.env().get(key));
    }

    private int httpPort() {
        return port("VERDICT_HTTP_PORT");
    }

    private static Socket open(int port) throws IOException {
        return new Socket("127.0.0.1", port);
    }

    private Socket openTls() throws Exception {
        var socket = (SSLSocket) TestServer.trusting(server.caPath()).getSocketFactory()
                .createSocket("127.0.0.1", port("VERDICT_HTTPS_PORT"));
        socket.startHandshake();
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(US_ASCII));
        socket.getOutputStream().flush();
    }

    /** What the server sends until it closes the connection, and how long that took; fails after 10 s. */
    private record Closed(String received, Duration after) {}

    private static Closed readUntilClosed(Socket socket) throws IOException {
        var start = System.nanoTime();
        socket.setSoTimeout(10_000);
        var received = new ByteArrayOutputStream();
        try {
            received.write(socket.getInputStream().readAllBytes());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for 10 s; it sent: " + received);
        } catch (IOException e) {
            // reset or TLS without close_notify: closed all the same
        }
        return new Closed(received.toString(US_ASCII), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Sends {@code trickle} one byte every 100 ms until the server closes the connection; empty if it
     * did not within 50 bytes (5 s, five times the timeouts under test). The server must send nothing.
     */
    private static Optional<Duration> trickleUntilClosed(Socket socket, String trickle) throws IOException {
        var start = System.nanoTime();
        socket.setSoTimeout(100);
        InputStream in = socket.getInputStream();
        for (int i = 0; i < 50; i++) {
            try {
                socket.getOutputStream().write(trickle.charAt(i % trickle.length()));
                socket.getOutputStream().flush();
                var read = in.read(); // waits the 100 ms between two bytes
                assertThat(read).as("the server answered instead of closing").isEqualTo(-1);
                return Optional.of(Duration.ofNanos(System.nanoTime() - start));
            } catch (SocketTimeoutException e) {
                // still open: next byte
            } catch (IOException e) {
                return Optional.of(Duration.ofNanos(System.nanoTime() - start)); // reset by the server
            }
        }
        return Optional.empty();
    }

    private static boolean isDebugLineOfWebServerHost(ILoggingEvent event) {
        return event.getLoggerName().equals(WebServerHost.class.getName()) && event.getLevel() == Level.DEBUG;
    }

    /** The upload URL of a fresh prep-uploaded job. */
    private String uploadUrl(String user, String job) {
        var signature = new SidSignature(partner.apiKey()).sign(TS, Long.toString(partner.partnerId()));
        var response = server.post("/v1/upload", """
                {"smile_client_id": "%d", "timestamp": "%s", "signature": "%s",
                 "partner_params": {"user_id": "%s", "job_id": "%s", "job_type": 4}}"""
                .formatted(partner.partnerId(), TS, signature, user, job));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response.body()).get("upload_url").asText();
    }

    // ---- idle connections ------------------------------------------------------------------------

    @Test
    void idleConnectionsAreClosedOnEveryListener() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            var sockets = new ArrayList<Socket>();
            try {
                // connected, never a byte (on HTTPS: not even a TLS handshake)
                for (var key : List.of("VERDICT_HTTP_PORT", "VERDICT_ADMIN_PORT", "VERDICT_HTTPS_PORT")) {
                    sockets.add(open(port(key)));
                }
                // kept alive after an answer
                var answered = open(httpPort());
                sockets.add(answered);
                send(answered, "GET /health HTTP/1.1\r\nHost: verdict\r\n\r\n");
                answered.setSoTimeout(10_000);
                assertThat(new String(answered.getInputStream().readNBytes(12), US_ASCII)).isEqualTo("HTTP/1.1 200");
                // a TLS session that never sends a request
                sockets.add(openTls());

                var idleSince = System.nanoTime();
                for (var socket : sockets) {
                    readUntilClosed(socket);
                }
                assertThat(Duration.ofNanos(System.nanoTime() - idleSince)).isLessThan(IDLE.plus(SLACK));
            } finally {
                for (var socket : sockets) {
                    socket.close();
                }
            }
            assertThat(capture.problems()).isEmpty();
        }
    }

    @Test
    void aRequestLineTricklingInIsCutOffByTheIdleTimeout() throws Exception {
        try (var socket = open(httpPort())) {
            send(socket, "GET /health?");
            assertThat(trickleUntilClosed(socket, "a")).hasValueSatisfying(
                    after -> assertThat(after).isLessThan(IDLE.plus(SLACK)));
        }
    }

    // ---- slow headers and bodies -----------------------------------------------------------------

    @Test
    void headersTricklingInAreCutOffByTheHeaderTimeout() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            for (var key : List.of("VERDICT_HTTP_PORT", "VERDICT_ADMIN_PORT")) {
                try (var socket = open(port(key))) {
                    send(socket, "GET /health HTTP/1.1\r\nHost: verdict\r\nX-Slow: ");
                    assertThat(trickleUntilClosed(socket, "a")).as(key).hasValueSatisfying(
                            after -> assertThat(after).isLessThan(HEADERS.plus(SLACK)));
                }
            }
            assertThat(capture.problems()).isEmpty();
        }
    }

    @Test
    void aBodyTricklingInIsCutOffByTheBodyTimeout() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            try (var socket = open(httpPort())) {
                send(socket, "POST /v1/job_status HTTP/1.1\r\nHost: verdict\r\nContent-Length: 4000\r\n\r\n{");
                assertThat(trickleUntilClosed(socket, " ")).hasValueSatisfying(
                        after -> assertThat(after).isLessThan(BODY.plus(SLACK)));
            }
            var line = capture.await(e -> isDebugLineOfWebServerHost(e) || e.getLevel().isGreaterOrEqual(Level.WARN),
                    "the cut-off to be logged");
            assertThat(line.getFormattedMessage()).isEqualTo("POST /v1/job_status: the body stalled beyond the body timeout");
            assertThat(capture.problems()).isEmpty();
        }
    }

    @Test
    void aStalledUploadIsCutOffAndItsUrlStaysUsable() throws Exception {
        var user = "user-" + UUID.randomUUID();
        var job = "job-" + UUID.randomUUID();
        var url = URI.create(uploadUrl(user, job));
        try (var capture = LogCapture.start("dev.verdict.http")) {
            try (var socket = openTls()) {
                send(socket, "PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: verdict\r\n"
                        + "Content-Type: application/zip\r\nContent-Length: 100000\r\n\r\n" + "PK".repeat(500));
                assertThat(readUntilClosed(socket).after()).isLessThan(BODY.plus(SLACK));
            }
            assertThat(capture.problems()).isEmpty();
        }
        var zip = Zips.java(user, job, 4, Images.jpeg(64, 64));
        var put = server.send(HttpRequest.newBuilder(url).header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }

    // ---- the connection bound --------------------------------------------------------------------

    @Test
    void aListenerHoldsAtMostItsBoundOfConnections() throws Exception {
        var held = new ArrayList<Socket>();
        try (var watchers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < MAX_CONNECTIONS; i++) {
                var socket = open(httpPort());
                held.add(socket);
                send(socket, "GET /health HTTP/1.1\r\nHost: verdict\r\n\r\n");
                socket.setSoTimeout(10_000);
                assertThat(new String(socket.getInputStream().readNBytes(12), US_ASCII)).isEqualTo("HTTP/1.1 200");
            }
            // the held connections stay open until the idle timeout closes them; note when each closes
            var closes = held.stream().map(socket -> watchers.submit(() -> {
                readUntilClosed(socket);
                return System.nanoTime();
            })).toList();

            try (var extra = open(httpPort())) {
                send(extra, "GET /health HTTP/1.1\r\nHost: verdict\r\n\r\n");
                extra.setSoTimeout(10_000);
                assertThat(new String(extra.getInputStream().readNBytes(12), US_ASCII)).isEqualTo("HTTP/1.1 200");
                var answeredAt = System.nanoTime();
                long firstClose = Long.MAX_VALUE;
                for (var close : closes) {
                    firstClose = Math.min(firstClose, close.get());
                }
                // answered only once a held connection had gone (the framework frees the slot a moment
                // before it closes the socket, hence the tolerance); unbounded, it is answered at once
                assertThat(Duration.ofNanos(answeredAt - firstClose)).isGreaterThan(Duration.ofMillis(-500));
            }
        } finally {
            for (var socket : held) {
                socket.close();
            }
        }
    }

    // ---- broken and dropped bodies ---------------------------------------------------------------

    @Test
    void aChunkSizeBeyondAnyIntegerAnswers400AndCloses() throws Exception {
        try (var capture = LogCapture.start("dev.verdict.http")) {
            for (var path : List.of("/v1/job_status", "/v1/no_such_endpoint")) {
                try (var socket = open(httpPort())) {
                    send(socket, "POST " + path + " HTTP/1.1\r\nHost: verdict\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "ffffffffffffffffff\r\n{}\r\n0\r\n\r\n");
                    var closed = readUntilClosed(socket);
                    assertThat(closed.received()).as(path).startsWith("HTTP/1.1 400").containsIgnoringCase("connection: close");
                    var body = json(closed.received().substring(closed.received().indexOf("\r\n\r\n") + 4));
                    assertThat(body.get("code").asText()).isEqualTo("bad_request");
                    assertThat(body.get("error").asText()).isNotEmpty();
                    // closed after the answer, not left to the idle timeout
                    assertThat(closed.after()).isLessThan(IDLE.minusSeconds(1));
                }
            }
            assertThat(capture.problems()).isEmpty();
        }
    }

    @Test
    void aClientDroppingMidBodyIsOneDebugLine() throws Exception {
        var user = "user-" + UUID.randomUUID();
        var job = "job-" + UUID.randomUUID();
        var url = URI.create(uploadUrl(user, job));
        try (var capture = LogCapture.start("dev.verdict.http")) {
            try (var socket = open(httpPort())) {
                send(socket, "POST /v1/job_status HTTP/1.1\r\nHost: verdict\r\nContent-Length: 1000\r\n\r\n{\"partner_id\":");
            }
            var line = capture.await(e -> isDebugLineOfWebServerHost(e) || e.getLevel().isGreaterOrEqual(Level.WARN),
                    "the dropped job_status to be logged");
            assertThat(line.getFormattedMessage()).isEqualTo("POST /v1/job_status: the client closed the connection mid-body");
            assertThat(line.getThrowableProxy()).isNull();

            try (var socket = openTls()) {
                send(socket, "PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: verdict\r\n"
                        + "Content-Type: application/zip\r\nContent-Length: 100000\r\n\r\n" + "PK".repeat(20_000));
            }
            capture.await(e -> e != line && (isDebugLineOfWebServerHost(e) || e.getLevel().isGreaterOrEqual(Level.WARN)),
                    "the dropped upload to be logged");
            assertThat(capture.events().stream().filter(ConnectionLimitsTests::isDebugLineOfWebServerHost)
                    .map(ILoggingEvent::getFormattedMessage))
                    .containsExactly("POST /v1/job_status: the client closed the connection mid-body",
                            "PUT " + url.getRawPath() + ": the client closed the connection mid-body");
            assertThat(capture.problems()).isEmpty();
        }
        var zip = Zips.java(user, job, 4, Images.jpeg(64, 64));
        var put = server.send(HttpRequest.newBuilder(url).header("Content-Type", "application/zip")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    }
}
