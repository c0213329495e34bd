package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.runs.RunStatus;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The AWS slice against the emulator and a real PostgreSQL: a real PutObject into a bucket whose
 * notification targets the queue ends in a Glue job run that Sluice started and followed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("aws")
@DirtiesContext // stop the listener while the emulator still answers, not in a race with its shutdown
class SqsIngestIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final String QUEUE = "sluice-ingest-it";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline("ingest-it-in", "ingest-it-out", QUEUE, "sluice-ingest-it");
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> QUEUE);
        registry.add("sluice.pipelines.orders.input.bucket", () -> "ingest-it-in");
        registry.add("sluice.pipelines.orders.input.prefix", () -> "incoming/");
        registry.add("sluice.pipelines.orders.output.bucket", () -> "ingest-it-out");
        registry.add("sluice.pipelines.orders.job.name", () -> "sluice-ingest-it");
        registry.add("sluice.pipelines.orders.job.table", () -> "orders");
        registry.add("sluice.pipelines.orders.batch.max-wait", () -> "1s");
        registry.add("sluice.runs.poll-interval", () -> "500ms");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
    }

    @Autowired
    FileArrivals arrivals;

    @Autowired
    RunService runs;

    @Test
    void putObjectBecomesAGlueRunWithTheKeyIntact() {
        String key = "incoming/2026/orders of été+1=2.csv";
        aws.s3.putObject(b -> b.bucket("ingest-it-in").key(key), RequestBody.fromString("id,total\n1,12.30\n"));

        RecordedFile file = await().atMost(Duration.ofSeconds(30))
                .until(() -> findByKey(key), Optional::isPresent)
                .orElseThrow();
        Run run = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> runs.find(runIdOf(file)).orElse(null),
                        r -> r != null && r.status().isTerminal());

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.jobRunId()).as("the Glue job run id").isNotBlank();
        assertThat(run.manifestUri()).startsWith("s3://ingest-it-out/_manifests/");
        String manifest = aws.s3
                .getObjectAsBytes(b -> b.bucket("ingest-it-out").key("_manifests/" + run.id() + "-1.json"))
                .asUtf8String();
        assertThat(manifest).contains("s3://ingest-it-in/" + key);
        assertThat(runs.files(run.id()))
                .filteredOn(f -> f.key().equals(key))
                .singleElement()
                .extracting(RecordedFile::status)
                .isEqualTo(FileStatus.PROCESSED);
    }

    @Test
    void objectsNoPipelineTakesAreIgnored() {
        aws.s3.putObject(b -> b.bucket("ingest-it-in").key("elsewhere/x.csv"), RequestBody.fromString("a\n1\n"));
        aws.s3.putObject(b -> b.bucket("ingest-it-in").key("incoming/marker.csv"), RequestBody.fromString("a\n1\n"));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> findByKey("incoming/marker.csv").isPresent());
        assertThat(findByKey("elsewhere/x.csv")).isEmpty();
    }

    private long runIdOf(RecordedFile file) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> arrivals.recent(1000).stream()
                                .filter(f -> f.id() == file.id())
                                .map(RecordedFile::runId)
                                .filter(java.util.Objects::nonNull)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private Optional<RecordedFile> findByKey(String key) {
        List<RecordedFile> recent = arrivals.recent(1000);
        return recent.stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
