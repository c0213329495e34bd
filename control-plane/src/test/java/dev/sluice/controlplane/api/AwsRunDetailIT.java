package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.AwsEmulator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import tools.jackson.databind.JsonNode;

/**
 * A run on AWS Glue (the emulator) as the API shows it with the {@code aws} profile: a link to its
 * logs in the CloudWatch console and its cost from Glue's DPU-seconds at the configured price.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
@DirtiesContext
class AwsRunDetailIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final String TOKEN = "aws-run-detail-bootstrap-token-0123";
    static final String JOB = "api-it-convert";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline("api-it-in", "api-it-out", "api-it-queue", "api-it-unused");
        // A job with a fixed capacity: the emulator reports 123 s of execution, so 2 DPU × 123 s.
        aws.glue.createJob(b -> b.name(JOB)
                .role("arn:aws:iam::" + aws.emulator.accountId() + ":role/sluice-glue")
                .maxCapacity(2.0)
                .command(c -> c.name("glueetl").scriptLocation("s3://api-it-out/glue-job.jar")));
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.glue.price-per-dpu-hour", () -> "0.44");
        registry.add("sluice.ingest.queue", () -> "api-it-queue");
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        String p = "sluice.pipelines.orders.";
        registry.add(p + "environment", () -> "prod");
        registry.add(p + "input.bucket", () -> "api-it-in");
        registry.add(p + "output.bucket", () -> "api-it-out");
        registry.add(p + "job.name", () -> JOB);
        registry.add(p + "job.table", () -> "orders");
        registry.add(p + "batch.max-wait", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Test
    void aGlueRunLinksToItsLogsAndShowsWhatItCost() {
        Http api = Http.to(port).as(TOKEN);
        aws.s3.putObject(b -> b.bucket("api-it-in").key("2026/orders.csv"), RequestBody.fromString("id,v\n1,2\n"));

        JsonNode detail = await().atMost(Duration.ofSeconds(45))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> succeededRun(api), d -> d != null);

        String jobRunId = detail.path("run").path("jobRunId").asString();
        assertThat(jobRunId).startsWith("jr_");
        assertThat(detail.path("logsUrl").asString())
                .isEqualTo("https://" + AwsEmulator.REGION + ".console.aws.amazon.com/cloudwatch/home?region="
                        + AwsEmulator.REGION + "#logsV2:log-groups/log-group/$252Faws-glue$252Fjobs$252Fsluice-prod"
                        + "$3FlogStreamNameFilter$3D" + jobRunId);
        double dpuSeconds = detail.path("run").path("usage").path("dpuSeconds").asDouble();
        assertThat(dpuSeconds).isEqualTo(246.0);
        JsonNode cost = detail.path("cost");
        assertThat(cost.path("dpuSeconds").asDouble()).isEqualTo(dpuSeconds);
        assertThat(cost.path("currency").asString()).isEqualTo("USD");
        assertThat(cost.path("amount").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(246 * 0.44 / 3600).setScale(4, RoundingMode.HALF_UP));

        JsonNode status = api.get("/api/v1/pipelines/orders").json().path("status");
        assertThat(status.path("glueCostLast24h").path("amount").decimalValue()).isEqualByComparingTo("0.0301");
        assertThat(status.path("rowsWrittenLast24h").asLong()).isGreaterThanOrEqualTo(0);
    }

    private static JsonNode succeededRun(Http api) {
        JsonNode files = api.get("/api/v1/files?pipeline=orders").json().path("items");
        if (files.isEmpty() || files.get(0).path("runId").isNull()) {
            return null;
        }
        JsonNode detail =
                api.get("/api/v1/runs/" + files.get(0).path("runId").asLong()).json();
        return "SUCCEEDED".equals(detail.path("run").path("status").asString()) ? detail : null;
    }
}
