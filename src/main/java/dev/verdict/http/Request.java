package dev.verdict.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** What a handler may know about a request. Hides the web framework from the features. */
public final class Request {
    private final ServerRequest delegate;

    Request(ServerRequest delegate) {
        this.delegate = delegate;
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

    /**
     * Streams the body into {@code target} through a small buffer, refusing more than
     * {@code maxBytes}: memory stays bounded whatever the sender declares or sends.
     */
    public long bodyToFile(java.nio.file.Path target, long maxBytes) throws IOException, BodyTooLargeException {
        try (InputStream in = delegate.content().inputStream();
                var out = java.nio.file.Files.newOutputStream(target)) {
            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                total += read;
                if (total > maxBytes) {
                    throw new BodyTooLargeException(maxBytes);
                }
                out.write(buffer, 0, read);
            }
            return total;
        }
    }

    /** Reads the whole body, refusing more than {@code maxBytes} without buffering the excess. */
    public byte[] body(int maxBytes) throws IOException, BodyTooLargeException {
        try (InputStream in = delegate.content().inputStream()) {
            var out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
            var buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                if (out.size() + read > maxBytes) {
                    throw new BodyTooLargeException(maxBytes);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }
}
