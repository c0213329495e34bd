package dev.sluice.controlplane.support;

import dev.sluice.testsupport.AwsEmulator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.springframework.test.context.DynamicPropertyRegistry;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The AWS side of a pipeline, built on the emulator through the SDK as an operator would:
 * buckets, the ingest queue with its dead-letter queue, the bucket notification and the Glue job.
 */
public final class AwsTestBed {

    public final AwsEmulator emulator = AwsEmulator.shared();
    public final S3Client s3;
    public final SqsClient sqs;
    public final GlueClient glue;

    public AwsTestBed() {
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY));
        Region region = Region.of(AwsEmulator.REGION);
        s3 = S3Client.builder()
                .endpointOverride(emulator.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(true)
                .build();
        sqs = SqsClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .build();
        glue = GlueClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(region)
                .credentialsProvider(credentials)
                .build();
    }

    /** Creates the input bucket notifying the queue (with a dead-letter queue), and the output bucket. */
    public String pipeline(String inputBucket, String outputBucket, String queue, String jobName) {
        s3.createBucket(b -> b.bucket(inputBucket));
        s3.createBucket(b -> b.bucket(outputBucket));
        String dlqUrl = sqs.createQueue(b -> b.queueName(queue + "-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        String queueUrl = sqs.createQueue(b -> b.queueName(queue)
                        .attributes(Map.of(
                                QueueAttributeName.VISIBILITY_TIMEOUT,
                                "1",
                                QueueAttributeName.REDRIVE_POLICY,
                                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}")))
                .queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        s3.putBucketNotificationConfiguration(b -> b.bucket(inputBucket)
                .notificationConfiguration(
                        n -> n.queueConfigurations(q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));
        glue.createJob(b -> b.name(jobName)
                .role("arn:aws:iam::" + emulator.accountId() + ":role/sluice-glue")
                .glueVersion("5.0")
                .command(c -> c.name("glueetl").scriptLocation("s3://" + outputBucket + "/assets/glue-job.jar")));
        return queueUrl;
    }

    /**
     * Gives the queue a redrive that outlasts a fault, as the infrastructure stack's does (5 receives
     * × 60 s visibility), scaled to a 2 s visibility: 30 receives. At the test bed's 2 receives a
     * message would reach the dead-letter queue while a dependency is down.
     */
    public void outlastFaults(String queue) {
        String dlqArn = sqs.getQueueAttributes(
                        b -> b.queueUrl(queueUrl(queue + "-dlq")).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl(queue))
                .attributes(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        "2",
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"30\"}")));
    }

    /** How many messages the queue's dead-letter queue holds. */
    public String deadLetters(String queue) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl(queue + "-dlq"))
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    /** Uploads {@code prefix/file-<i>.csv} for i in [from, to), each a header and one row, on the pool. */
    public List<Future<?>> uploadSmallFiles(ExecutorService pool, String bucket, String prefix, int from, int to) {
        return IntStream.range(from, to)
                .<Future<?>>mapToObj(i -> pool.submit(() -> uploadSmallFile(bucket, prefix, i)))
                .toList();
    }

    public void uploadSmallFile(String bucket, String prefix, int i) {
        s3.putObject(
                b -> b.bucket(bucket).key(prefix + "/file-" + i + ".csv"),
                RequestBody.fromString("id,value\n" + i + "," + i * 2 + "\n"));
    }

    public String queueUrl(String name) {
        return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    /** Points the control plane's AWS clients at the emulator. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.aws.endpoint", () -> emulator.endpoint().toString());
        registry.add("spring.cloud.aws.region.static", () -> AwsEmulator.REGION);
        registry.add("spring.cloud.aws.credentials.access-key", () -> AwsEmulator.ACCESS_KEY);
        registry.add("spring.cloud.aws.credentials.secret-key", () -> AwsEmulator.SECRET_KEY);
        registry.add("spring.cloud.aws.s3.path-style-access-enabled", () -> "true");
    }
}
