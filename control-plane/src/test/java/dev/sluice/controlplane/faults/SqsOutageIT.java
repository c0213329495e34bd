package dev.sluice.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The ingest queue unreachable from the control plane (Toxiproxy between it and the emulator's SQS
 * only) while files keep arriving: the listener backs off without a storm of log lines, readiness
 * reports the queue DOWN, and once SQS is back every notification is received and committed once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("aws")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SqsOutageIT {

    /** A minute in the scenario; 20 s still spans many receive attempts and keeps the suite short. */
    static final Duration OUTAGE = Duration.ofSeconds(20);

    static final AwsTestBed aws = new AwsTestBed();
    static final String IN = "sqs-outage-in";
    static Proxy sqs;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        sqs = Toxiproxy.shared()
                .proxy(
                        "sqs-outage",
                        aws.emulator.endpoint().getHost() + ":"
                                + aws.emulator.endpoint().getPort());
        aws.pipeline(IN, "sqs-outage-out", "sqs-outage-queue", "sqs-outage-job");
        aws.register(registry);
        registry.add("spring.cloud.aws.sqs.endpoint", () -> "http://127.0.0.1:" + Toxiproxy.port(sqs));
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> "sqs-outage-queue");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        registry.add("sluice.health.cache-for", () -> "500ms");
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        String p = "sluice.pipelines.sqs.";
        registry.add(p + "input.bucket", () -> IN);
        registry.add(p + "output.bucket", () -> "sqs-outage-out");
        registry.add(p + "job.name", () -> "sqs-outage-job");
        registry.add(p + "job.table", () -> "sqs");
        registry.add(p + "batch.max-wait", () -> "500ms");
    }

    @AfterAll
    static void removeProxy() throws IOException {
        sqs.delete();
    }

    @LocalServerPort
    int port;

    @Autowired
    FileArrivals arrivals;

    @Test
    void theListenerBacksOffWhileSqsIsUnreachableAndReceivesEverythingAfterwards(CapturedOutput output)
            throws IOException {
        upload(0, 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed() == 5);

        sqs.disable();
        Instant cutAt = Instant.now();
        int logLinesBefore = output.getOut().length();
        try {
            upload(5, 25);
            await().atMost(Duration.ofSeconds(15)).until(() -> readiness() == 503);
            await().atMost(OUTAGE.plusSeconds(20)).until(() -> {
                assertThat(recorded())
                        .as("nothing arrives while the queue is unreachable")
                        .isEqualTo(5);
                return Duration.between(cutAt, Instant.now()).compareTo(OUTAGE) >= 0;
            });
        } finally {
            sqs.enable();
        }
        String duringOutage = output.getOut().substring(logLinesBefore);

        await().atMost(Duration.ofSeconds(45)).until(() -> processed() == 25);
        await().atMost(Duration.ofSeconds(15)).until(() -> readiness() == 200);
        assertThat(recorded()).as("each notification committed once").isEqualTo(25);
        List<String> warnings = duringOutage
                .lines()
                .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                .toList();
        System.out.println("SQS outage of " + OUTAGE + ": " + warnings.size() + " warning/error lines");
        assertThat(warnings.stream().filter(l -> l.contains("sqs-outage-queue")))
                .as("the unreachable queue is reported")
                .isNotEmpty();
        assertThat(warnings)
                .as("backing off, not a storm: at most a few lines per second of outage")
                .hasSizeLessThan((int) OUTAGE.toSeconds() * 2);
    }

    private static void upload(int from, int to) {
        IntStream.range(from, to)
                .forEach(i -> aws.s3.putObject(
                        b -> b.bucket(IN).key("q/f-" + i + ".csv"), RequestBody.fromString("id,v\n" + i + ",1\n")));
    }

    private long recorded() {
        return arrivals.recent(1000).size();
    }

    private long processed() {
        return arrivals.recent(1000).stream()
                .map(RecordedFile::status)
                .filter(FileStatus.PROCESSED::equals)
                .count();
    }

    private int readiness() {
        return Http.to(port).get("/actuator/health/readiness").status();
    }
}
