package dev.verdict.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server receiving callbacks in tests. Each path answers from a script (status codes,
 * or a delay before answering), then 200; every request is recorded.
 */
public final class Receiver implements AutoCloseable {
    /** One received request. */
    public record Received(String path, Map<String, List<String>> headers, String body, long receivedAtNanos) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }
    }

    /** What to do with one request: answer this status after this delay. */
    public record Answer(int status, Duration delay) {
        public static Answer status(int status) {
            return new Answer(status, Duration.ZERO);
        }
    }

    private final HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ConcurrentLinkedQueue<Answer>> scripts = new ConcurrentHashMap<>();
    private volatile Function<Received, Answer> policy = r -> null;

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var request = new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body,
                    System.nanoTime());
            received.add(request);
            var script = scripts.get(request.path());
            var answer = script == null ? null : script.poll();
            if (answer == null) {
                answer = policy.apply(request);
            }
            if (answer == null) {
                answer = Answer.status(200);
            }
            try {
                Thread.sleep(answer.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                exchange.sendResponseHeaders(answer.status(), -1);
            } catch (IOException e) {
                // the sender hung up (timed out or died): nothing to answer
            }
            exchange.close();
        });
        server.start();
    }

    /** The next answers for this path, in order; afterwards 200. */
    public void script(String path, Answer... answers) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    }

    /** A rule consulted when a path has no scripted answer left. */
    public void policy(Function<Received, Answer> rule) {
        this.policy = rule;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received(String path) {
        synchronized (received) {
            return received.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    public List<Received> all() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Waits until this path has received at least {@code count} requests. */
    public List<Received> await(String path, int count) throws InterruptedException {
        Poll.atMost(Duration.ofSeconds(20)).until(() -> received(path).size() >= count,
                () -> count + " requests on " + path + ", got " + received(path).size());
        return received(path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
