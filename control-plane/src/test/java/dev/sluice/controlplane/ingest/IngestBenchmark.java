package dev.sluice.controlplane.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.Postgres;
import io.awspring.cloud.sqs.listener.acknowledgement.Acknowledgement;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Ingest from a received notification to committed arrivals on PostgreSQL: throughput and p50/p99
 * latency. Messages are handed to the SQS listener by as many threads as the listener container
 * runs by default, the way the container hands them over; the emulator's queue is left out
 * because its own speed, not Sluice's, would be measured. Run on purpose: {@code ./bench.sh ingest}.
 */
class IngestBenchmark {

    static final int MESSAGES = Integer.getInteger("bench.messages", 20_000);
    static final int THREADS = Integer.getInteger("bench.threads", 10);

    @Test
    void ingestNotifications() throws Exception {
        AwsTestBed aws = new AwsTestBed();
        aws.sqs.createQueue(b -> b.queueName("bench-ingest"));
        Postgres postgres = Postgres.shared();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SluiceApplication.class)
                .profiles("aws")
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + postgres.newDatabase(),
                        "--spring.datasource.username=" + postgres.user(),
                        "--spring.datasource.password=" + postgres.password(),
                        "--spring.cloud.aws.endpoint=" + aws.emulator.endpoint(),
                        "--spring.cloud.aws.region.static=" + AwsEmulator.REGION,
                        "--spring.cloud.aws.credentials.access-key=" + AwsEmulator.ACCESS_KEY,
                        "--spring.cloud.aws.credentials.secret-key=" + AwsEmulator.SECRET_KEY,
                        "--sluice.ingest.queue=bench-ingest",
                        "--sluice.pipelines.bench.input.bucket=bench-in",
                        "--sluice.pipelines.bench.output.bucket=bench-out",
                        "--sluice.pipelines.bench.job.name=bench",
                        "--sluice.pipelines.bench.job.table=bench",
                        "--sluice.pipelines.bench.batch.max-wait=1h",
                        "--sluice.pipelines.bench.batch.max-files=1000000")) {
            SqsNotificationListener listener = app.getBean(SqsNotificationListener.class);
            deliver(listener, 2_000, 0); // warm-up: JIT, connection pool
            IngestMetrics fresh = new IngestMetrics(
                    new SimpleMeterRegistry(),
                    app.getBean(dev.sluice.controlplane.pipelines.PipelineTags.class)); // latencies without the warm-up
            SqsNotificationListener measured = new SqsNotificationListener(
                    app.getBean(tools.jackson.databind.json.JsonMapper.class),
                    app.getBean(FileIntake.class),
                    fresh,
                    app.getBean(IngestListenerProperties.class));

            long start = System.nanoTime();
            deliver(measured, MESSAGES, 1_000_000);
            double seconds = (System.nanoTime() - start) / 1e9;

            int committed = JdbcClient.create(app.getBean(DataSource.class))
                    .sql("SELECT COUNT(*) FROM file_arrival")
                    .query(Integer.class)
                    .single();
            assertThat(committed).isEqualTo(MESSAGES + 2_000);
            System.out.printf(
                    "%nINGEST BENCHMARK: %d notifications committed in %.1f s = %.0f per second (%d threads,"
                            + " PostgreSQL %s)%n",
                    MESSAGES, seconds, MESSAGES / seconds, THREADS, "embedded");
            for (ValueAtPercentile p : fresh.messages().takeSnapshot().percentileValues()) {
                System.out.printf(
                        "INGEST BENCHMARK: receipt to commit p%.0f = %.2f ms%n",
                        p.percentile() * 100, p.value(TimeUnit.MILLISECONDS));
            }
        }
    }

    /** Handed straight to the listener, a message has no queue to acknowledge it to. */
    private static final Acknowledgement ACKNOWLEDGED = new Acknowledgement() {
        @Override
        public void acknowledge() {}

        @Override
        public CompletableFuture<Void> acknowledgeAsync() {
            return CompletableFuture.completedFuture(null);
        }
    };

    private static void deliver(SqsNotificationListener listener, int count, int offset) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = thread; i < count; i += THREADS) {
                        listener.onMessage(
                                Message.builder()
                                        .messageId("m-" + (offset + i))
                                        .body(notification(offset + i))
                                        .build(),
                                ACKNOWLEDGED,
                                seconds -> CompletableFuture.completedFuture(null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static String notification(int i) {
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"eventTime\":\"2026-11-25T10:00:00Z\","
                + "\"s3\":{\"bucket\":{\"name\":\"bench-in\"},\"object\":{\"key\":\"day%2Ffile-" + i
                + ".csv\",\"size\":1024,\"eTag\":\"etag-" + i + "\"}}}]}";
    }
}
