package dev.sluice.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.cbor.CBORMapper;

/**
 * A CloudWatch endpoint that speaks what the AWS SDK for Java (2.40.6 and later) sends:
 * PutMetricData in the Smithy RPC v2 CBOR protocol ({@code POST
 * /service/GraniteServiceVersion20100801/operation/PutMetricData}, header {@code smithy-protocol:
 * rpc-v2-cbor}, a CBOR body). moto answers only CloudWatch's query and JSON protocols, so this
 * endpoint decodes the real requests and keeps what they carried, for tests to assert on.
 *
 * <p>Bodies come gzipped above 10 KiB (PutMetricData's request compression). A request that is not a CBOR PutMetricData is answered with a CBOR error ({@code __type}) and
 * kept in {@link #refused()}, so that a test sees a protocol change instead of silent loss.
 */
public final class CborCloudWatchEndpoint implements AutoCloseable {

    public static final String PUT_METRIC_DATA = "/service/GraniteServiceVersion20100801/operation/PutMetricData";

    /** One PutMetricData call: its namespace and metric data, in the order sent. */
    public record Call(String namespace, List<Datum> data) {}

    /** One metric datum; {@code value} is NaN when the datum carried statistic sets or values only. */
    public record Datum(String name, Map<String, String> dimensions, double value, String unit) {}

    private static final CBORMapper CBOR = new CBORMapper();

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private CborCloudWatchEndpoint(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port of 127.0.0.1. */
    public static CborCloudWatchEndpoint start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CborCloudWatchEndpoint endpoint = new CborCloudWatchEndpoint(server);
            server.createContext("/", endpoint::handle);
            server.setExecutor(Executors.newFixedThreadPool(2, r -> {
                Thread thread = new Thread(r, "cbor-cloudwatch");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the CloudWatch endpoint", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every datum received so far, over all calls. */
    public List<Datum> data() {
        return calls.stream().flatMap(c -> c.data().stream()).toList();
    }

    /** Requests that were not CBOR PutMetricData calls, described. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    public void clear() {
        calls.clear();
        refused.clear();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = body(exchange);
            String path = exchange.getRequestURI().getPath();
            String protocol = exchange.getRequestHeaders().getFirst("smithy-protocol");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod())
                    || !PUT_METRIC_DATA.equals(path)
                    || !"rpc-v2-cbor".equals(protocol)
                    || !"application/cbor".equals(contentType)) {
                refused.add(exchange.getRequestMethod() + " " + path + " smithy-protocol=" + protocol + " Content-Type="
                        + contentType);
                reply(exchange, 400, Map.of("__type", "InvalidAction", "message", "not a CBOR PutMetricData call"));
                return;
            }
            Call call;
            try {
                call = decode(CBOR.readTree(body));
            } catch (RuntimeException e) {
                refused.add("undecodable PutMetricData body: " + e);
                reply(exchange, 400, Map.of("__type", "InvalidParameterValue", "message", e.toString()));
                return;
            }
            calls.add(call);
            reply(exchange, 200, Map.of());
        }
    }

    /** PutMetricData has the requestCompression trait: bodies over 10 KiB arrive gzipped. */
    private static byte[] body(HttpExchange exchange) throws IOException {
        boolean gzipped = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        try (InputStream raw = exchange.getRequestBody();
                InputStream in = gzipped ? new GZIPInputStream(raw) : raw) {
            return in.readAllBytes();
        }
    }

    private static Call decode(JsonNode request) {
        List<Datum> data = new ArrayList<>();
        for (JsonNode datum : request.path("MetricData")) {
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (JsonNode dimension : datum.path("Dimensions")) {
                dimensions.put(
                        dimension.path("Name").asString(),
                        dimension.path("Value").asString());
            }
            JsonNode value = datum.path("Value");
            data.add(new Datum(
                    datum.path("MetricName").asString(),
                    dimensions,
                    value.isNumber() ? value.asDouble() : Double.NaN,
                    datum.path("Unit").asString(null)));
        }
        return new Call(request.path("Namespace").asString(), List.copyOf(data));
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = CBOR.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        exchange.getResponseHeaders().set("Content-Type", "application/cbor");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
