package dev.sluice.controlplane.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.pipelines.TestPipelines;
import dev.sluice.controlplane.pipelines.TestPipelines.Spec;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.testsupport.AwsEmulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

/**
 * The readiness checks of the AWS dependencies against the emulator: UP when the queue and the
 * jobs are there, DOWN when a queue does not exist or Glue cannot be reached (a port nobody
 * listens on: a real connection failure, not a simulated one).
 */
class AwsHealthIndicatorsIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final HealthProperties properties = new HealthProperties(Duration.ofSeconds(2), Duration.ofSeconds(15));

    final MutableClock clock = new MutableClock();

    @Test
    void theQueueCheckIsUpWithTheBacklogWhileTheQueueExistsAndDownOnceItIsGone() {
        String url = aws.sqs.createQueue(b -> b.queueName("health-it-ingest")).queueUrl();
        aws.sqs.sendMessage(b -> b.queueUrl(url).messageBody("{}"));
        try (SqsAsyncClient sqs = sqs(aws.emulator.endpoint())) {
            var indicator = new IngestQueueHealthIndicator(sqs, "health-it-ingest", "", properties, clock);

            Health up = indicator.health();
            assertThat(up.getStatus()).isEqualTo(Status.UP);
            assertThat(up.getDetails()).containsEntry("health-it-ingest", "messages waiting: 1");

            aws.sqs.deleteQueue(b -> b.queueUrl(url));
            assertThat(indicator.health().getStatus())
                    .as("within sluice.health.cache-for the last answer stands")
                    .isEqualTo(Status.UP);
            clock.advance(Duration.ofSeconds(16));
            Health down = indicator.health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.getDetails().get("health-it-ingest").toString()).containsIgnoringCase("queue");
        }
    }

    @Test
    void aMissingEventsQueueTakesTheInstanceOutOfService() {
        aws.sqs.createQueue(b -> b.queueName("health-it-present"));
        try (SqsAsyncClient sqs = sqs(aws.emulator.endpoint())) {
            Health health = new IngestQueueHealthIndicator(
                            sqs, "health-it-present", "health-it-never-created", properties, clock)
                    .health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("health-it-present", "messages waiting: 0");
            assertThat(health.getDetails()).containsKey("health-it-never-created");
        }
    }

    @Test
    void glueIsCheckedPerEnvironmentAndAMissingJobIsReportedWithoutFailingReadiness() {
        aws.glue.createJob(b -> b.name("health-it-present")
                .role("arn:aws:iam::" + aws.emulator.accountId() + ":role/sluice-glue")
                .command(c -> c.name("glueetl").scriptLocation("s3://health-it/glue-job.jar")));
        Pipelines pipelines = TestPipelines.of(
                new Spec("orders", "dev", "health-it-present"), new Spec("invoices", "prod", "health-it-absent"));

        Health health = new GlueHealthIndicator(aws.glue, pipelines, properties, clock).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("environments"))
                .isEqualTo(Map.of(
                        "dev", Map.of("orders", "job health-it-present found"),
                        "prod",
                                Map.of(
                                        "invoices",
                                        "job health-it-absent does not exist; deploy the application stack")));
    }

    @Test
    void glueThatCannotBeReachedIsDown() throws Exception {
        URI nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        try (GlueClient glue = GlueClient.builder()
                .endpointOverride(nobody)
                .region(Region.of(AwsEmulator.REGION))
                .credentialsProvider(credentials())
                .build()) {
            Pipelines pipelines = TestPipelines.of(new Spec("orders", "dev", "health-it-present"));

            Health health = new GlueHealthIndicator(glue, pipelines, properties, clock).health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails().get("environments").toString())
                    .contains("Glue did not answer for job health-it-present");
        }
    }

    private static SqsAsyncClient sqs(URI endpoint) {
        return SqsAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(AwsEmulator.REGION))
                .credentialsProvider(credentials())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY));
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
