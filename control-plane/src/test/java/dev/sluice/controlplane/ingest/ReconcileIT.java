package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The reconciliation sweep against the emulator's S3 and SQS and a real PostgreSQL: files whose
 * notification was never sent, or was lost with a purged queue, are recorded once, as their
 * notification would have recorded them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("aws")
@DirtiesContext // stop the listener while the emulator still answers, not in a race with its shutdown
class ReconcileIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final String QUEUE = "sluice-reconcile-it";
    /** No bucket notification at all: every object here is one whose notification was never sent. */
    static final String QUIET = "reconcile-it-quiet";

    static final String VERSIONED = "reconcile-it-versioned";
    /** Notifies a queue that is purged before anyone reads it. */
    static final String PURGED = "reconcile-it-purged";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline("reconcile-it-in", "reconcile-it-out", QUEUE, "sluice-reconcile-it");
        aws.s3.createBucket(b -> b.bucket(QUIET));
        aws.s3.createBucket(b -> b.bucket(VERSIONED));
        aws.s3.putBucketVersioning(
                b -> b.bucket(VERSIONED).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
        aws.s3.createBucket(b -> b.bucket(PURGED));
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> QUEUE);
        registry.add("sluice.reconcile.tick", () -> "300ms");
        pipeline(registry, "burst", QUIET, "burst/", "off", "0s");
        pipeline(registry, "young", QUIET, "young/", "off", "1h");
        pipeline(registry, "flaky", QUIET, "flaky/", "off", "0s");
        pipeline(registry, "versioned", VERSIONED, "", "off", "0s");
        pipeline(registry, "purged", PURGED, "", "1s", "0s");
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
    }

    /** A pipeline whose batches never close during the test, so no job needs to exist. */
    private static void pipeline(
            DynamicPropertyRegistry registry,
            String name,
            String bucket,
            String prefix,
            String interval,
            String grace) {
        String p = "sluice.pipelines." + name + ".";
        registry.add(p + "input.bucket", () -> bucket);
        registry.add(p + "input.prefix", () -> prefix);
        registry.add(p + "output.bucket", () -> "reconcile-it-out");
        registry.add(p + "job.name", () -> "sluice-reconcile-it");
        registry.add(p + "job.table", () -> name.replace('-', '_'));
        registry.add(p + "batch.max-files", () -> "10000");
        registry.add(p + "batch.max-bytes", () -> "10GB");
        registry.add(p + "batch.max-wait", () -> "1h");
        registry.add(p + "reconcile.interval", () -> interval);
        registry.add(p + "reconcile.grace", () -> grace);
    }

    @Autowired
    Reconciler reconciler;

    @Autowired
    Pipelines pipelines;

    @Autowired
    JdbcClient jdbc;

    /** CloudWatch counts by step: a counter shows the last step, so it is awaited, never read once. */
    @Autowired
    MeterRegistry meters;

    @Test
    void aBurstOfFiveThousandObjectsIsSweptAFewPagesPerTickAndRecordedOnce() throws Exception {
        int count = 5_000;
        ExecutorService writers = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < count; i++) {
                String key = "burst/%05d.csv".formatted(i);
                writers.submit(() -> aws.s3.putObject(b -> b.bucket(QUIET).key(key), RequestBody.fromString("a\n1\n")));
            }
        } finally {
            writers.shutdown();
            assertThat(writers.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        Pipeline burst = pipeline("burst");

        long started = System.nanoTime();
        SweepResult first = reconciler.sweep(burst, 2).orElseThrow();
        assertThat(first.pages()).isEqualTo(2);
        assertThat(first.passComplete()).as("the pass stops after two pages").isFalse();
        assertThat(first.recorded()).isEqualTo(2_000);
        assertThat(reconciler.state("burst").orElseThrow().token()).isPresent();

        SweepResult rest = reconciler.sweep(burst, 100).orElseThrow();
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(rest.pages()).as("the next tick continues from the token").isEqualTo(3);
        assertThat(rest.passComplete()).isTrue();
        assertThat(rest.recorded()).isEqualTo(3_000);
        assertThat(recorded("burst")).isEqualTo(count);
        System.out.printf(
                "Reconciliation: %d keys, %d ListObjectsV2 pages, %d ms including a HeadObject per missing key%n",
                count, first.pages() + rest.pages(), millis);

        SweepResult again = reconciler.sweep(burst, 100).orElseThrow();
        assertThat(again.pages()).as("1,000 keys per ListObjectsV2 call").isEqualTo(5);
        assertThat(again.listed()).isEqualTo(count);
        assertThat(again.recorded()).as("a second pass finds nothing new").isZero();
        assertThat(recorded("burst")).isEqualTo(count);
    }

    @Test
    void objectsYoungerThanTheGraceAreLeftToTheirNotification() {
        aws.s3.putObject(b -> b.bucket(QUIET).key("young/a.csv"), RequestBody.fromString("a\n1\n"));

        SweepResult result = reconciler.sweep(pipeline("young"), 10).orElseThrow();

        assertThat(result.tooYoung()).isEqualTo(1);
        assertThat(result.recorded()).isZero();
        assertThat(recorded("young")).isZero();
    }

    @Test
    void aLateNotificationAfterTheSweepIsAHarmlessDuplicateOfTheCurrentVersion() {
        String key = "orders/late.csv";
        aws.s3.putObject(b -> b.bucket(VERSIONED).key(key), RequestBody.fromString("a\n1\n"));
        var current = aws.s3.putObject(b -> b.bucket(VERSIONED).key(key), RequestBody.fromString("a\n2\n"));

        assertThat(reconciler.sweep(pipeline("versioned"), 10).orElseThrow().recorded())
                .isEqualTo(1);
        assertThat(versionTags("versioned", key))
                .as("the current version, as its notification would have named it")
                .containsExactly(current.versionId());

        String notification = """
                {"Records":[{"eventName":"ObjectCreated:Put","eventTime":"2026-01-01T00:00:00Z",
                 "s3":{"bucket":{"name":"%s"},"object":{"key":"%s","size":4,"eTag":"%s","versionId":"%s"}}}]}
                """.formatted(VERSIONED, key, current.eTag().replace("\"", ""), current.versionId());
        aws.sqs.sendMessage(b -> b.queueUrl(aws.queueUrl(QUEUE)).messageBody(notification));

        // the meter registry publishes counters per interval, so the ledger and the queue are the witnesses
        await().atMost(Duration.ofSeconds(30)).until(() -> queueDrained(QUEUE));
        assertThat(versionTags("versioned", key)).containsExactly(current.versionId());
    }

    private boolean queueDrained(String queue) {
        var attributes = aws.sqs
                .getQueueAttributes(b -> b.queueUrl(aws.queueUrl(queue))
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                && "0".equals(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    @Test
    void filesWhoseNotificationsWentWithAPurgedQueueAreFoundByTheScheduledSweep() {
        String lostUrl =
                aws.sqs.createQueue(b -> b.queueName("reconcile-it-purged")).queueUrl();
        String lostArn = aws.sqs
                .getQueueAttributes(b -> b.queueUrl(lostUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        aws.s3.putBucketNotificationConfiguration(b -> b.bucket(PURGED)
                .notificationConfiguration(
                        n -> n.queueConfigurations(q -> q.queueArn(lostArn).events(Event.S3_OBJECT_CREATED))));
        IntStream.range(0, 3)
                .forEach(i -> aws.s3.putObject(
                        b -> b.bucket(PURGED).key("p" + i + ".csv"), RequestBody.fromString("a\n1\n")));
        aws.sqs.purgeQueue(b -> b.queueUrl(lostUrl));

        await().atMost(Duration.ofSeconds(30)).until(() -> recorded("purged") == 3);
    }

    @Test
    void aPipelineWhoseSweepsKeepFindingFilesSaysItsNotificationsLookBroken() {
        Pipeline flaky = pipeline("flaky");
        for (int i = 0; i < 3; i++) {
            assertThat(reconciler.looksBroken("flaky")).isFalse();
            String key = "flaky/" + i + ".csv";
            aws.s3.putObject(b -> b.bucket(QUIET).key(key), RequestBody.fromString("a\n1\n"));
            assertThat(reconciler.sweep(flaky, 10).orElseThrow().recorded()).isEqualTo(1);
        }
        assertThat(reconciler.looksBroken("flaky")).isTrue();

        assertThat(reconciler.sweep(flaky, 10).orElseThrow().notificationsLookBroken())
                .as("a pass that finds nothing clears it")
                .isFalse();
    }

    private Pipeline pipeline(String name) {
        return pipelines.find(name).orElseThrow();
    }

    private long recorded(String pipeline) {
        return jdbc.sql("SELECT COUNT(*) FROM file_arrival WHERE pipeline = ?")
                .param(pipeline)
                .query(Long.class)
                .single();
    }

    private List<String> versionTags(String pipeline, String key) {
        return jdbc.sql("SELECT version_tag FROM file_arrival WHERE pipeline = ? AND object_key = ?")
                .params(pipeline, key)
                .query(String.class)
                .list();
    }
}
