package dev.sluice.controlplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Parquet;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sluice as a user runs it: the packaged jar in its own process on embedded defaults, the
 * bootstrap token read from the console where it is printed once, a CSV uploaded over HTTP, the
 * run followed through the API, the Parquet read back with DuckDB.
 */
class PackagedJarE2EIT {

    @TempDir
    static Path home;

    static final Pattern TOKEN = Pattern.compile("sluice_[A-Za-z0-9_-]{43}");

    static Process server;
    static int port;
    static RestClient http;
    static String token;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void startTheJar() throws IOException {
        Path jar = Path.of(System.getProperty("sluice.jar", "target/sluice-control-plane.jar"));
        assertThat(jar).as("the packaged control plane (run `./mvnw package`)").exists();
        port = freePort();
        server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-jar",
                        jar.toString(),
                        "--server.port=" + port,
                        "--sluice.home=" + home,
                        "--sluice.pipelines.default.batch.max-wait=1s",
                        "--sluice.runs.poll-interval=500ms")
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("server.log").toFile())
                .start();
        RestClient anonymous = RestClient.create("http://127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .failFast("the control plane exited; see " + home.resolve("server.log"), () -> !server.isAlive())
                .until(
                        () -> anonymous.get().uri("/actuator/health").retrieve().body(String.class),
                        body -> body.contains("UP"));
        token = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(PackagedJarE2EIT::printedToken, t -> t != null);
        http = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .build();
    }

    /** The bootstrap token from the console output, once it is there. */
    private static String printedToken() throws IOException {
        Matcher matcher = TOKEN.matcher(Files.readString(home.resolve("server.log")));
        return matcher.find() ? matcher.group() : null;
    }

    @AfterAll
    static void stopTheJar() {
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void theBootstrapTokenIsPrintedOnceAndTheApiWantsIt() throws IOException {
        String log = Files.readString(home.resolve("server.log"));
        assertThat(log.split(Pattern.quote(token), -1))
                .as("printed exactly once")
                .hasSize(2);
        assertThat(log).contains("shown this once");

        var anonymous = RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultStatusHandler(status -> true, (request, response) -> {})
                .build();
        assertThat(anonymous
                        .get()
                        .uri("/api/v1/runs")
                        .retrieve()
                        .toBodilessEntity()
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
        assertThat(http.get().uri("/api/v1/me").retrieve().body(String.class)).contains("ADMIN");
    }

    @Test
    void anUploadedCsvBecomesParquetThatDuckDbReads() throws Exception {
        Path csv = home.resolve("orders.csv");
        Files.writeString(csv, """
                Order ID,Customer Name,Amount,Paid,Order Date
                1,Ada,12.30,true,2026-01-05
                2,Grace,1999.99,false,2026-02-11
                3,Linus,0.50,true,2026-03-17
                """);
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("file", new FileSystemResource(csv));
        JsonNode uploaded = json.readTree(http.post()
                .uri("/api/v1/files")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .retrieve()
                .body(String.class));
        assertThat(uploaded.path("pipeline").asString()).isEqualTo("default");

        JsonNode run = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        PackagedJarE2EIT::latestRun,
                        r -> r != null && "SUCCEEDED".equals(r.path("status").asString()));
        assertThat(run.path("rows").path("written").asLong()).isEqualTo(3);

        Path parquet = onlyParquetUnder(home.resolve("output"));
        Map<String, String> schema = Parquet.schema(parquet);
        assertThat(schema)
                .containsKeys(
                        "order_id",
                        "customer_name",
                        "amount",
                        "paid",
                        "order_date",
                        "processed_at",
                        "source_file",
                        "processing_job");
        assertThat(schema.get("order_id")).isIn("INTEGER", "BIGINT");
        assertThat(schema.get("amount")).startsWith("DECIMAL");
        assertThat(schema.get("paid")).isEqualTo("BOOLEAN");
        assertThat(schema.get("order_date")).isEqualTo("DATE");
        assertThat(schema.get("processed_at")).startsWith("TIMESTAMP");

        List<Map<String, Object>> rows = Parquet.rows(parquet);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).get("customer_name")).isEqualTo("Grace");
        assertThat(rows.get(1).get("amount").toString()).isEqualTo("1999.99");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("source_file").toString()).endsWith("/input/orders.csv");
            assertThat(row.get("processing_job").toString())
                    .contains("run-" + run.path("id").asLong());
        });
    }

    private static JsonNode latestRun() {
        JsonNode page =
                json.readTree(http.get().uri("/api/v1/runs?limit=1").retrieve().body(String.class));
        return page.path("items").isEmpty() ? null : page.path("items").get(0);
    }

    private static Path onlyParquetUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> parquet =
                    files.filter(p -> p.toString().endsWith(".parquet")).toList();
            assertThat(parquet).hasSize(1);
            return parquet.get(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
