package dev.sluice.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP proxy on loopback in front of the AWS emulator that answers chosen requests with the
 * faults a TCP proxy cannot make: an AWS error status and body (S3 503 SlowDown, Glue throttling
 * or 500), or a connection dropped after the request reached the emulator, so that the answer is
 * lost although the call took effect. Everything else is forwarded unchanged.
 */
public final class HttpFaultProxy implements AutoCloseable {

    /** What the proxy saw of a request: enough to choose the ones to fail. */
    public record Request(String method, String path, String query, String target, String action) {

        /**
         * The operation of a JSON-protocol call ({@code X-Amz-Target: AWSGlue.StartJobRun} gives
         * StartJobRun) or of a query-protocol one ({@code Action=ExecuteChangeSet} in the form body).
         */
        public String operation() {
            if (target != null) {
                return target.substring(target.indexOf('.') + 1);
            }
            return action == null ? "" : action;
        }
    }

    /** A fault for the requests that {@code applies} selects. */
    public sealed interface Fault {
        Predicate<Request> applies();
    }

    /** Answers without forwarding: the emulator never sees the request. */
    public record Answer(Predicate<Request> applies, int status, String contentType, String body) implements Fault {}

    /** Forwards, then drops the connection instead of answering: the call took effect, its answer is lost. */
    public record DropAnswer(Predicate<Request> applies) implements Fault {}

    /** Drops the connection without forwarding, as a reset connection: the emulator never sees the request. */
    public record Reset(Predicate<Request> applies) implements Fault {}

    /**
     * Forwards, then answers with the whole body's length but only the first half of its bytes and
     * drops the connection: a download cut off midway.
     */
    public record CutBody(Predicate<Request> applies) implements Fault {}

    /** Every {@code n}-th request that {@code applies} selects (the n-th, the 2n-th...): a share of them. */
    public static Predicate<Request> oneIn(int n, Predicate<Request> applies) {
        AtomicInteger seen = new AtomicInteger();
        return request -> applies.test(request) && seen.incrementAndGet() % n == 0;
    }

    /**
     * The requests {@code applies} selects, but each object (method, path and query) at most
     * {@code times} times: a client that retries more often than that gets through.
     */
    public static Predicate<Request> atMost(int times, Predicate<Request> applies) {
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        return request -> applies.test(request)
                && failures.computeIfAbsent(
                                        request.method() + " " + request.path() + "?" + request.query(),
                                        k -> new AtomicInteger())
                                .incrementAndGet()
                        <= times;
    }

    /**
     * The requests {@code applies} selects from the moment one selected by {@code trigger} has been
     * let through {@code passed} times: an outage that starts part-way, say after the first object
     * of a table was written. The triggering requests before that are not failed.
     */
    public static Predicate<Request> after(int passed, Predicate<Request> trigger, Predicate<Request> applies) {
        AtomicInteger triggered = new AtomicInteger();
        // the count is taken by the request it lets through, so that two triggering requests in
        // flight at once cannot both pass when only one may
        return request -> {
            if (triggered.get() >= passed) {
                return applies.test(request);
            }
            return trigger.test(request) && triggered.getAndIncrement() >= passed && applies.test(request);
        };
    }

    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "transfer-encoding", "host", "expect", "upgrade", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService threads;
    private final URI upstream;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final AtomicInteger faulted = new AtomicInteger();
    private final List<Request> failed = new CopyOnWriteArrayList<>();

    private HttpFaultProxy(HttpServer server, ExecutorService threads, URI upstream) {
        this.server = server;
        this.threads = threads;
        this.upstream = upstream;
    }

    /** Starts on a free port of 127.0.0.1, forwarding to {@code upstream}. */
    public static HttpFaultProxy start(URI upstream) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
                Thread thread = new Thread(r, "http-fault-proxy");
                thread.setDaemon(true);
                return thread;
            });
            HttpFaultProxy proxy = new HttpFaultProxy(server, threads, upstream);
            server.createContext("/", proxy::handle);
            server.setExecutor(threads);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the HTTP fault proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Adds a fault; the first fault that applies to a request wins. */
    public void inject(Fault fault) {
        faults.add(fault);
    }

    /** Removes every fault, and forgets the requests failed so far: from now on every request is forwarded. */
    public void heal() {
        faults.clear();
        failed.clear();
    }

    /** How many requests were failed so far. */
    public int faulted() {
        return faulted.get();
    }

    /** The requests failed so far, in order. */
    public List<Request> failedRequests() {
        return List.copyOf(failed);
    }

    /** An AWS JSON-protocol error (Glue, SQS JSON): {@code {"__type": code, "message": ...}}. */
    public static Answer jsonError(Predicate<Request> applies, int status, String code) {
        return new Answer(
                applies,
                status,
                "application/x-amz-json-1.1",
                "{\"__type\":\"" + code + "\",\"message\":\"injected " + code + "\"}");
    }

    /** An S3 REST-XML error, such as 503 SlowDown. */
    public static Answer s3Error(Predicate<Request> applies, int status, String code) {
        return new Answer(
                applies,
                status,
                "application/xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>injected " + code
                        + "</Message><RequestId>fault</RequestId></Error>");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Request request = new Request(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Target"),
                    formAction(exchange, body));
            Fault fault = faults.stream()
                    .filter(f -> f.applies().test(request))
                    .findFirst()
                    .orElse(null);
            if (fault != null) {
                faulted.incrementAndGet();
                failed.add(request);
            }
            if (fault instanceof Answer answer) {
                reply(exchange, answer);
                return;
            }
            if (fault instanceof Reset) {
                return; // closing the exchange unanswered drops the connection
            }
            HttpResponse<byte[]> response = forward(exchange, body);
            if (fault instanceof DropAnswer) {
                return;
            }
            if (fault instanceof CutBody) {
                relayHalf(exchange, response);
                return;
            }
            relay(exchange, response);
        }
    }

    /** The Action of a query-protocol call (CloudFormation, STS), which is in the form body. */
    private static String formAction(HttpExchange exchange, byte[] body) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        for (String field : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (field.startsWith("Action=")) {
                return field.substring("Action=".length());
            }
        }
        return null;
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        URI target = upstream.resolve(exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null
                        ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header :
                exchange.getRequestHeaders().entrySet()) {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                header.getValue().forEach(value -> request.header(header.getKey(), value));
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding", e);
        }
    }

    private static void relay(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(lower) && !lower.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        byte[] body = response.body();
        if ("HEAD".equals(exchange.getRequestMethod())) {
            response.headers()
                    .firstValue("content-length")
                    .ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
            exchange.sendResponseHeaders(response.statusCode(), -1);
            return;
        }
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void relayHalf(HttpExchange exchange, HttpResponse<byte[]> response) throws IOException {
        byte[] body = response.body();
        response.headers()
                .firstValue("content-type")
                .ifPresent(t -> exchange.getResponseHeaders().set("Content-Type", t));
        exchange.sendResponseHeaders(response.statusCode(), body.length);
        OutputStream out = exchange.getResponseBody();
        out.write(body, 0, body.length / 2);
        out.flush();
        // a handler that throws makes the server close the connection: the client sees the body end early
        throw new IOException("cut off after " + body.length / 2 + " of " + body.length + " bytes, as asked");
    }

    private static void reply(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.contentType());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
