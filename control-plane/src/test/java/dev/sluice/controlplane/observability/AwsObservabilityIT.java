package dev.sluice.controlplane.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.runs.RunStatus;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.CborCloudWatchEndpoint;
import dev.sluice.testsupport.CborCloudWatchEndpoint.Datum;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import tools.jackson.databind.JsonNode;

/**
 * The {@code aws} profile's observability, on the emulator and a real PostgreSQL: metrics reach
 * CloudWatch as the SDK really sends them (Smithy RPC v2 CBOR, decoded by {@link
 * CborCloudWatchEndpoint}, since moto does not speak it), and the readiness probe checks the
 * database, the ingest queue and Glue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
@DirtiesContext
class AwsObservabilityIT {

    static final AwsTestBed aws = new AwsTestBed();
    /** Open until the JVM exits: the context publishes once more when it closes, after the tests. */
    static final CborCloudWatchEndpoint cloudWatch = CborCloudWatchEndpoint.start();

    static final String TOKEN = "sluice-observability-token-0123456789";
    static final String IN = "obs-it-in";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline(IN, "obs-it-out", "obs-it-queue", "sluice-dev-orders");
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.ingest.queue", () -> "obs-it-queue");
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        registry.add(
                "spring.cloud.aws.cloudwatch.endpoint",
                () -> cloudWatch.endpoint().toString());
        registry.add("management.cloudwatch.metrics.export.enabled", () -> "true");
        registry.add("management.cloudwatch.metrics.export.step", () -> "1s");
        String p = "sluice.pipelines.orders.";
        registry.add(p + "environment", () -> "dev");
        registry.add(p + "input.bucket", () -> IN);
        registry.add(p + "input.prefix", () -> "incoming/");
        registry.add(p + "output.bucket", () -> "obs-it-out");
        registry.add(p + "job.name", () -> "sluice-dev-orders");
        registry.add(p + "job.table", () -> "orders");
        registry.add(p + "batch.max-wait", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    FileArrivals arrivals;

    @Autowired
    RunService runs;

    @Autowired
    CloudWatchConfig cloudWatchConfig;

    @Autowired
    CloudWatchAsyncClient cloudWatchClient;

    @Test
    void aConvertedFileShowsInCloudWatchUnderTheSluiceNamespaceWithPipelineAndEnvironment() {
        aws.s3.putObject(b -> b.bucket(IN).key("incoming/a.csv"), RequestBody.fromString("id,v\n1,2\n"));
        aws.s3.putObject(b -> b.bucket(IN).key("notes/readme.txt"), RequestBody.fromString("not for a pipeline"));
        RecordedFile file = await().atMost(Duration.ofSeconds(30))
                .until(() -> find("incoming/a.csv").filter(f -> f.runId() != null), Optional::isPresent)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> runs.find(file.runId()).orElseThrow().status() == RunStatus.SUCCEEDED);

        Map<String, String> orders = Map.of("application", "sluice", "environment", "dev", "pipeline", "orders");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(sum("sluice.files.received.count", with(orders, "status", "PENDING")))
                    .isEqualTo(1.0);
            assertThat(sum("sluice.runs.started.count", orders)).isEqualTo(1.0);
            assertThat(sum("sluice.runs.finished.count", with(orders, "status", "SUCCEEDED")))
                    .isEqualTo(1.0);
            assertThat(sum("sluice.runs.duration.count", with(orders, "status", "SUCCEEDED")))
                    .isEqualTo(1.0);
            assertThat(sum("sluice.files.ignored.count", Map.of("application", "sluice")))
                    .isEqualTo(1.0);
        });
        assertThat(cloudWatch.refused()).isEmpty();
        assertThat(cloudWatch.calls()).allSatisfy(call -> {
            assertThat(call.namespace()).isEqualTo("Sluice");
            assertThat(call.data()).hasSizeLessThanOrEqualTo(1000);
        });
        assertThat(cloudWatch.data())
                .filteredOn(d -> d.name().equals("sluice.runs.duration.max")
                        && d.dimensions().equals(with(orders, "status", "SUCCEEDED")))
                .anySatisfy(d -> assertThat(d.value()).isPositive());
        assertThat(cloudWatch.data())
                .filteredOn(d -> d.name().equals("sluice.files.queue.lag.value"))
                .anySatisfy(d -> {
                    assertThat(d.dimensions()).isEqualTo(orders);
                    assertThat(d.unit()).isEqualTo("Seconds");
                });
    }

    @Test
    void theMetricsThatTheEnvironmentsAlarmsWatchArePublishedUnderTheirNamesAndDimensions() throws Exception {
        String template;
        try (var in = getClass().getResourceAsStream("/sluice/templates/infrastructure.yaml")) {
            template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        List<String> watched = java.util.regex.Pattern.compile("MetricName: (sluice\\.[a-z.]+)")
                .matcher(template)
                .results()
                .map(m -> m.group(1))
                .toList();
        assertThat(watched).contains("sluice.environment.runs.failed.count", "sluice.environment.queue.lag.value");
        assertThat(template)
                .contains(
                        "- { Name: application, Value: sluice }",
                        "- { Name: environment, Value: !Ref EnvironmentName }");

        Map<String, String> dev = Map.of("application", "sluice", "environment", "dev");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(watched)
                        .allSatisfy(name -> assertThat(cloudWatch.data())
                                .as(name + " with dimensions " + dev)
                                .anySatisfy(d -> {
                                    assertThat(d.name()).isEqualTo(name);
                                    assertThat(d.dimensions()).isEqualTo(dev);
                                })));
        assertThat(cloudWatch.data())
                .filteredOn(d -> d.name().equals("sluice.environment.queue.lag.value"))
                .allSatisfy(d -> assertThat(d.unit()).isEqualTo("Seconds"));
    }

    @Test
    void moreThanAThousandMetricsGoOutInCallsOfAtMostAThousand() {
        CloudWatchMeterRegistry registry =
                new CloudWatchMeterRegistry(cloudWatchConfig, Clock.SYSTEM, cloudWatchClient);
        IntStream.range(0, 1500)
                .forEach(i -> Gauge.builder("split.check", () -> i)
                        .tag("n", Integer.toString(i))
                        .register(registry));

        registry.close(); // publishes what it has, once

        await().atMost(Duration.ofSeconds(20))
                .until(() -> cloudWatch.data().stream()
                                .filter(d -> d.name().equals("split.check.value"))
                                .count()
                        >= 1500);
        List<Integer> splitCalls = cloudWatch.calls().stream()
                .map(call -> (int) call.data().stream()
                        .filter(d -> d.name().equals("split.check.value"))
                        .count())
                .filter(n -> n > 0)
                .toList();
        assertThat(splitCalls)
                .hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(1000));
        assertThat(splitCalls.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1500);
    }

    @Test
    void readinessChecksTheDatabaseTheQueueAndGlueAndShowsDetailsOnlyToCallersWithAToken() {
        Http.Answer anonymous = Http.to(port).get("/actuator/health/readiness");
        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.json().has("components")).isFalse();

        JsonNode readiness =
                Http.to(port).as(TOKEN).get("/actuator/health/readiness").json();
        assertThat(readiness.path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "db", "ingestQueue", "glue");
        assertThat(readiness
                        .path("components")
                        .path("ingestQueue")
                        .path("details")
                        .path("obs-it-queue")
                        .asString())
                .startsWith("messages waiting: ");
        assertThat(readiness
                        .path("components")
                        .path("glue")
                        .path("details")
                        .path("environments")
                        .path("dev")
                        .path("orders")
                        .asString())
                .isEqualTo("job sluice-dev-orders found");

        JsonNode liveness =
                Http.to(port).as(TOKEN).get("/actuator/health/liveness").json();
        assertThat(liveness.path("status").asString()).isEqualTo("UP");
        assertThat(liveness.path("components").propertyNames()).containsExactly("livenessState");
    }

    private double sum(String name, Map<String, String> dimensions) {
        return cloudWatch.data().stream()
                .filter(d -> d.name().equals(name) && d.dimensions().equals(dimensions))
                .mapToDouble(Datum::value)
                .sum();
    }

    private static Map<String, String> with(Map<String, String> dimensions, String key, String value) {
        var more = new java.util.TreeMap<>(dimensions);
        more.put(key, value);
        return more;
    }

    private Optional<RecordedFile> find(String key) {
        return arrivals.recent(1000).stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
