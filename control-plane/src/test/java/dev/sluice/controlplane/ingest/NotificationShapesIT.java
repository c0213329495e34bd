package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Every message shape the ingest queue sees in the wild, sent to the emulator's queue as S3, SNS
 * and EventBridge would send it, with a real PostgreSQL behind the listener.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ActiveProfiles("aws")
@DirtiesContext
class NotificationShapesIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final String QUEUE = "shapes-it-queue";
    static final String BUCKET = "shapes-it-in";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        aws.pipeline(BUCKET, "shapes-it-out", QUEUE, "shapes-it-job");
        aws.register(registry);
        TestDatabase.postgres(registry);
        registry.add("sluice.ingest.queue", () -> QUEUE);
        registry.add("spring.cloud.aws.sqs.listener.poll-timeout", () -> "1s");
        registry.add("sluice.pipelines.shapes.input.bucket", () -> BUCKET);
        registry.add("sluice.pipelines.shapes.output.bucket", () -> "shapes-it-out");
        registry.add("sluice.pipelines.shapes.job.name", () -> "shapes-it-job");
        registry.add("sluice.pipelines.shapes.job.table", () -> "shapes");
        registry.add("sluice.pipelines.shapes.max-file-size", () -> "100B");
        // keep the files PENDING: this test is about what gets recorded, not about runs
        registry.add("sluice.pipelines.shapes.batch.max-wait", () -> "1h");
    }

    @Autowired
    FileArrivals arrivals;

    @Test
    void snsWrappedNotificationsAreUnwrapped() {
        String inner = s3Event("sns/a.csv", "e-sns").replace("\"", "\\\"");
        send("{\"Type\":\"Notification\",\"MessageId\":\"1\",\"TopicArn\":\"arn:aws:sns:us-east-1:1:t\",\"Message\":\""
                + inner + "\"}");

        assertThat(recorded("sns/a.csv")).isPresent();
    }

    @Test
    void eventBridgeObjectCreatedIsRecorded() {
        send("""
                {"version":"0","id":"1","detail-type":"Object Created","source":"aws.s3","time":"2026-11-25T10:00:00Z",
                 "detail":{"bucket":{"name":"%s"},"object":{"key":"eb/b c.csv","size":9,"etag":"e-eb"}}}
                """.formatted(BUCKET));

        assertThat(recorded("eb/b c.csv")).isPresent();
    }

    @Test
    void twoCopiesOfOneObjectVersionInOneReceiveBatchAreRecordedOnce() {
        String body = s3Event("dup/c.csv", "e-dup");
        aws.sqs.sendMessageBatch(b -> b.queueUrl(aws.queueUrl(QUEUE))
                .entries(
                        SendMessageBatchRequestEntry.builder()
                                .id("1")
                                .messageBody(body)
                                .build(),
                        SendMessageBatchRequestEntry.builder()
                                .id("2")
                                .messageBody(body)
                                .build()));
        send(s3Event("dup/marker.csv", "e-marker"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> recordedNow("dup/marker.csv").isPresent());
        assertThat(arrivals.recent(1000))
                .filteredOn(f -> f.key().equals("dup/c.csv"))
                .hasSize(1);
    }

    @Test
    void aMalformedMessageGoesToTheDeadLetterQueueWithoutBlockingOthers() {
        send("this is not an S3 notification");
        send(s3Event("after-poison/d.csv", "e-after"));

        assertThat(recorded("after-poison/d.csv")).isPresent();
        String dlq = aws.queueUrl(QUEUE + "-dlq");
        List<String> deadLetters = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> aws.sqs.receiveMessage(b -> b.queueUrl(dlq).waitTimeSeconds(1)).messages().stream()
                                .map(m -> m.body())
                                .toList(),
                        bodies -> !bodies.isEmpty());
        assertThat(deadLetters).contains("this is not an S3 notification");
    }

    @Test
    void testEventsRemovalsAndUnknownBucketsRecordNothing() {
        send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + BUCKET + "\"}");
        send(s3Event("removed/e.csv", "e-rm").replace("ObjectCreated:Put", "ObjectRemoved:Delete"));
        send(s3Event("other/f.csv", "e-other").replace(BUCKET, "somebody-elses-bucket"));
        send(s3Event("quiet/marker.csv", "e-quiet"));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> recordedNow("quiet/marker.csv").isPresent());
        assertThat(arrivals.recent(1000)).extracting(RecordedFile::key).doesNotContain("removed/e.csv", "other/f.csv");
    }

    @Test
    void emptyAndOversizedObjectsAreRecordedWithAClearStatusAndNeverBatched() {
        aws.s3.putObject(b -> b.bucket(BUCKET).key("sizes/empty.csv"), RequestBody.empty());
        aws.s3.putObject(b -> b.bucket(BUCKET).key("sizes/big.csv"), RequestBody.fromString("x".repeat(101)));

        assertThat(recorded("sizes/empty.csv"))
                .get()
                .extracting(RecordedFile::status)
                .isEqualTo(FileStatus.EMPTY);
        assertThat(recorded("sizes/big.csv"))
                .get()
                .extracting(RecordedFile::status)
                .isEqualTo(FileStatus.TOO_LARGE);
    }

    private void send(String body) {
        aws.sqs.sendMessage(b -> b.queueUrl(aws.queueUrl(QUEUE)).messageBody(body));
    }

    private static String s3Event(String key, String etag) {
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2026-11-25T10:00:00.000Z",
                 "eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"%s"},
                 "object":{"key":"%s","size":5,"eTag":"%s"}}}]}""".formatted(BUCKET, key.replace(" ", "+"), etag).replace("\n", "");
    }

    private Optional<RecordedFile> recorded(String key) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> recordedNow(key), Optional::isPresent);
    }

    private Optional<RecordedFile> recordedNow(String key) {
        return arrivals.recent(1000).stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
