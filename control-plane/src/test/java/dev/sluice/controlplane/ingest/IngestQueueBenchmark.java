package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.Postgres;
import dev.sluice.testsupport.ServerProcess;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Ingest through a real SQS-protocol queue: notifications sent to ElasticMQ, received by the
 * listener container at the aws profile's settings, committed on PostgreSQL. ElasticMQ runs as its own
 * process (benchmarks/elasticmq, classpath from {@code -Dbench.elasticmq.classpath}) so that its
 * Scala libraries stay off this classpath. Run on purpose: {@code ./bench.sh ingest-queue}.
 */
class IngestQueueBenchmark {

    static final int MESSAGES = Integer.getInteger("bench.messages", 20_000);
    static final int WARM_UP = 2_000;
    static final int SENDERS = 8;
    /** The aws profile's setting, which SLUICE_LISTENER_CONCURRENCY overrides. */
    static final String CONCURRENCY = "spring.cloud.aws.sqs.listener.max-concurrent-messages";

    @Test
    void ingestNotificationsThroughARealQueue() throws Exception {
        URI elasticMq = startElasticMq();
        SqsClient sqs = SqsClient.builder()
                .endpointOverride(elasticMq)
                .region(Region.of(AwsEmulator.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsEmulator.ACCESS_KEY, AwsEmulator.SECRET_KEY)))
                .build();
        String queueUrl =
                sqs.createQueue(b -> b.queueName("bench-ingest-queue")).queueUrl();
        Postgres postgres = Postgres.shared();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SluiceApplication.class)
                .profiles("aws")
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + postgres.newDatabase(),
                        "--spring.datasource.username=" + postgres.user(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.cloud.aws.endpoint=" + AwsEmulator.shared().endpoint(),
                        "--spring.cloud.aws.sqs.endpoint=" + elasticMq,
                        "--spring.cloud.aws.region.static=" + AwsEmulator.REGION,
                        "--spring.cloud.aws.credentials.access-key=" + AwsEmulator.ACCESS_KEY,
                        "--spring.cloud.aws.credentials.secret-key=" + AwsEmulator.SECRET_KEY,
                        "--sluice.ingest.queue=bench-ingest-queue",
                        "--sluice.pipelines.bench.input.bucket=bench-in",
                        "--sluice.pipelines.bench.output.bucket=bench-out",
                        "--sluice.pipelines.bench.job.name=bench",
                        "--sluice.pipelines.bench.job.table=bench",
                        "--sluice.pipelines.bench.batch.max-wait=1h",
                        "--sluice.pipelines.bench.batch.max-files=1000000")) {
            JdbcClient db = JdbcClient.create(app.getBean(DataSource.class));
            send(sqs, queueUrl, 0, WARM_UP);
            awaitCommitted(db, WARM_UP);
            // Prometheus keeps cumulative counts; the composite would answer with CloudWatch's last step.
            Timer timer = app.getBean(PrometheusMeterRegistry.class)
                    .get("sluice.ingest.message.duration")
                    .timer();
            long warmUpCount = timer.count();

            long start = System.nanoTime();
            send(sqs, queueUrl, WARM_UP, WARM_UP + MESSAGES);
            double sent = (System.nanoTime() - start) / 1e9;
            awaitCommitted(db, WARM_UP + MESSAGES);
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(db.sql("SELECT COUNT(*) FROM file_arrival")
                            .query(Integer.class)
                            .single())
                    .isEqualTo(WARM_UP + MESSAGES);
            assertThat(timer.count() - warmUpCount)
                    .as("each message received once")
                    .isEqualTo(MESSAGES);
            System.out.printf(
                    "%nINGEST BENCHMARK (ElasticMQ): %d notifications sent, received and committed in %.1f s"
                            + " = %.0f per second (sending took %.1f s; listener max-concurrent-messages %s,"
                            + " PostgreSQL embedded)%n",
                    MESSAGES,
                    seconds,
                    MESSAGES / seconds,
                    sent,
                    app.getEnvironment().getProperty(CONCURRENCY));
            for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
                System.out.printf(
                        "INGEST BENCHMARK (ElasticMQ): receipt to commit p%.0f = %.2f ms (decaying window,"
                                + " mostly the measured messages)%n",
                        p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
            }
        }
    }

    private static URI startElasticMq() throws Exception {
        String classpath = Files.readString(Path.of(System.getProperty("bench.elasticmq.classpath")))
                .trim();
        int port = ServerProcess.freePort();
        Path launcher = dev.sluice.testsupport.RepoRoot.path().resolve("benchmarks/elasticmq/ElasticMq.java");
        ProcessBuilder command = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                launcher.toString(),
                Integer.toString(port));
        return ServerProcess.start("elasticmq", command, port, "/?Action=ListQueues");
    }

    private static void send(SqsClient sqs, String queueUrl, int from, int to) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int batch = from; batch < to; batch += 10) {
                int first = batch;
                done.add(senders.submit(() -> sqs.sendMessageBatch(b -> b.queueUrl(queueUrl)
                        .entries(IntStream.range(first, Math.min(first + 10, to))
                                .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                                        .id("m" + i)
                                        .messageBody(notification(i))
                                        .build())
                                .toList()))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            senders.shutdown();
        }
    }

    private static void awaitCommitted(JdbcClient db, int count) {
        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> db.sql("SELECT COUNT(*) FROM file_arrival")
                                .query(Integer.class)
                                .single()
                        >= count);
    }

    private static String notification(int i) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-25T10:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"bench-in\"},\"object\":{\"key\":\"day%2Ffile-" + i
                + ".csv\",\"size\":1024,\"eTag\":\"etag-" + i + "\"}}}]}";
    }
}
