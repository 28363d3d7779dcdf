package dev.verdict.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a handler may know about a request. Hides the web framework from the features. */
public final class Request {
    /**
     * A body is read in slices of this many bytes, each of which (or the last, shorter one) must arrive
     * within the body timeout: a stalled body, or one trickling in a byte at a time, is cut off, while
     * any real client (a slice per body timeout is about half a kilobyte a second) is not.
     */
    public static final int BODY_SLICE = 16 * 1024;

    private final ServerRequest delegate;
    private final ReadDeadlines deadlines;
    private InputStream body;

    Request(ServerRequest delegate, ReadDeadlines deadlines) {
        this.delegate = delegate;
        this.deadlines = deadlines;
    }

    public String method() {
        return delegate.prologue().method().text();
    }

    public String path() {
        return delegate.path().path();
    }

    public String pathParam(String name) {
        return delegate.path().pathParameters().get(name);
    }

    public Optional<String> query(String name) {
        return delegate.query().first(name).asOptional();
    }

    public Optional<String> header(String name) {
        return delegate.headers().first(HeaderNames.create(name));
    }

    public String remoteHost() {
        return delegate.remotePeer().host();
    }

    /** The client's address (the peer of the connection: a proxy's when there is one). */
    java.net.InetAddress remoteAddress() {
        return ((java.net.InetSocketAddress) delegate.remotePeer().address()).getAddress();
    }

    /** Whether the request came over TLS (then cookies are set {@code Secure}). */
    public boolean secure() {
        return delegate.isSecure();
    }

    /**
     * The value of the cookie named {@code name} in the {@code Cookie} header(s); the first one when a
     * name repeats. Values are taken verbatim (Verdict's cookies hold base64url only).
     */
    public Optional<String> cookie(String name) {
        for (var header : delegate.headers().all(HeaderNames.COOKIE, java.util.List::of)) {
            for (var pair : header.split(";")) {
                var eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The body as an HTML form ({@code application/x-www-form-urlencoded}), at most {@code maxBytes}.
     * Anything else, an oversized body or a broken encoding is a {@link FormException}.
     */
    public Form form(int maxBytes) throws IOException {
        var type = header("Content-Type").orElse("");
        var semicolon = type.indexOf(';');
        var mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (!mediaType.equalsIgnoreCase(Form.MEDIA_TYPE)) {
            throw new FormException("expected " + Form.MEDIA_TYPE);
        }
        try {
            return Form.parse(body(maxBytes));
        } catch (BodyTooLargeException e) {
            throw new FormException("form larger than " + maxBytes + " bytes");
        }
    }

    /**
     * Streams the body into {@code target}, refusing more than {@code maxBytes}: memory stays bounded
     * whatever the sender declares or sends.
     */
    public long bodyToFile(Path target, long maxBytes) throws IOException, BodyTooLargeException {
        try (var out = Files.newOutputStream(target)) {
            return copyBody(out, maxBytes);
        }
    }

    /** Reads the whole body, refusing more than {@code maxBytes} without buffering the excess. */
    public byte[] body(int maxBytes) throws IOException, BodyTooLargeException {
        var out = new ByteArrayOutputStream(Math.min(maxBytes, Math.min(sliceSize(), 8192)));
        copyBody(out, maxBytes);
        return out.toByteArray();
    }

    /**
     * Reads and drops what the handler left of the body, under the same deadlines, so the connection
     * can carry the next request and the client reads its answer after sending everything.
     */
    void discardRestOfBody() throws BodyReadException {
        if (delegate.content().consumed()) {
            return;
        }
        var in = bodyStream();
        var slice = new byte[BODY_SLICE];
        while (readSlice(in, slice) == slice.length) {
            // dropped
        }
    }

    private long copyBody(OutputStream out, long maxBytes) throws IOException, BodyTooLargeException {
        var in = bodyStream();
        var slice = new byte[sliceSize()];
        long total = 0;
        int read;
        do {
            read = readSlice(in, slice);
            total += read;
            if (total > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
            out.write(slice, 0, read);
        } while (read == slice.length);
        return total;
    }

    /**
     * {@link #BODY_SLICE}, or less for a body that declares a smaller length: one more byte than
     * declared, so the first read ends at the body's end and a small JSON body costs no 16 KB buffer.
     */
    private int sliceSize() {
        var declared = delegate.headers().contentLength();
        return declared.isPresent() && declared.getAsLong() < BODY_SLICE ? (int) declared.getAsLong() + 1 : BODY_SLICE;
    }

    /** The body's stream: the framework hands it out once per request. */
    private InputStream bodyStream() {
        if (body == null) {
            body = delegate.content().inputStream();
        }
        return body;
    }

    /** Fills {@code slice} (fewer bytes only at the body's end) within the body timeout. */
    private int readSlice(InputStream in, byte[] slice) throws BodyReadException {
        deadlines.armBodyRead();
        int read;
        try {
            read = in.readNBytes(slice, 0, slice.length);
        } catch (IOException | RuntimeException e) {
            var timedOut = deadlines.disarm();
            throw failure(e, timedOut);
        }
        deadlines.disarm(); // a deadline that passed as the slice completed changes nothing: it arrived
        return read;
    }

    /** What a failed body read means; a failure none of these explain is a bug and propagates as one. */
    private static BodyReadException failure(Exception e, boolean timedOut) {
        if (timedOut) {
            return new BodyReadException(BodyReadException.Reason.TIMED_OUT, 0);
        }
        return switch (e) {
            // Helidon 4.5 parses a chunk size without a range check: ffffffffffffffffff fails here
            case NumberFormatException n -> new BodyReadException(BodyReadException.Reason.MALFORMED, 400);
            case RequestException r when r.status().code() / 100 == 4 ->
                    new BodyReadException(BodyReadException.Reason.MALFORMED, r.status().code());
            case HttpException h when h.status().code() / 100 == 4 ->
                    new BodyReadException(BodyReadException.Reason.MALFORMED, h.status().code());
            case IOException io -> new BodyReadException(BodyReadException.Reason.CLIENT_GONE, 0);
            case UncheckedIOException io -> new BodyReadException(BodyReadException.Reason.CLIENT_GONE, 0);
            case CloseConnectionException closed -> new BodyReadException(BodyReadException.Reason.CLIENT_GONE, 0);
            case DataReader.InsufficientDataAvailableException eof ->
                    new BodyReadException(BodyReadException.Reason.CLIENT_GONE, 0);
            default -> throw new IllegalStateException("unexpected failure reading a request body", e);
        };
    }
}
