package dev.sluice.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.Postgres;
import dev.sluice.testsupport.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * PostgreSQL answering every query 2 s late for a while (Toxiproxy's latency toxic on the
 * answers), two replicas at work. A tracker pass then takes longer than its 3 s lease, so runs
 * change hands between the replicas mid-pass; the dispatcher's claims and the batcher's passes
 * crawl. Every file still ends in exactly one run, and no run is started twice.
 *
 * <p>Its own replicas and database, apart from {@link PostgresOutageIT}: that test needs short
 * pool time-outs to see readiness go DOWN quickly, this one pool time-outs longer than a slow round
 * trip.
 */
class PostgresLatencyIT {

    /** A minute in the scenario; 20 s still spans several leases and many 2 s round trips. */
    static final Duration SLOW = Duration.ofSeconds(20);

    static final AwsTestBed aws = new AwsTestBed();
    static final int FILES = 60;
    static final String JOB = "pg-slow-job";
    static final String IN = "pg-slow-in";
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    static Proxy postgres;
    static String database;

    @BeforeAll
    static void startTwoReplicasBehindTheProxy() {
        Toxiproxy toxiproxy = Toxiproxy.shared();
        aws.pipeline(IN, "pg-slow-out", "pg-slow-queue", JOB);
        Postgres server = Postgres.shared();
        database = server.newDatabase();
        postgres = toxiproxy.proxy("pg-slow", server.address());
        String throughProxy = server.through("127.0.0.1:" + Toxiproxy.port(postgres), database);
        for (int i = 0; i < 2; i++) {
            replicas.add(new SpringApplicationBuilder(SluiceApplication.class)
                    .profiles("aws")
                    .run(properties(throughProxy).entrySet().stream()
                            .map(e -> "--" + e.getKey() + "=" + e.getValue())
                            .toArray(String[]::new)));
        }
    }

    @AfterAll
    static void stopReplicas() throws IOException {
        replicas.forEach(ConfigurableApplicationContext::close);
        if (postgres != null) {
            postgres.delete();
        }
    }

    private static Map<String, Object> properties(String databaseUrl) {
        Postgres server = Postgres.shared();
        return Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.datasource.url", databaseUrl),
                Map.entry("spring.datasource.username", server.user()),
                Map.entry("spring.datasource.password", server.password()),
                Map.entry("spring.cloud.aws.endpoint", aws.emulator.endpoint().toString()),
                Map.entry("spring.cloud.aws.region.static", AwsEmulator.REGION),
                Map.entry("spring.cloud.aws.credentials.access-key", AwsEmulator.ACCESS_KEY),
                Map.entry("spring.cloud.aws.credentials.secret-key", AwsEmulator.SECRET_KEY),
                Map.entry("spring.cloud.aws.s3.path-style-access-enabled", "true"),
                Map.entry("spring.cloud.aws.sqs.listener.poll-timeout", "1s"),
                Map.entry("sluice.ingest.queue", "pg-slow-queue"),
                // A lease of 3 s: shorter than one slowed pass, so leases lapse and change hands.
                Map.entry("sluice.runs.poll-interval", "1s"),
                Map.entry("sluice.runs.start-grace", "5s"),
                Map.entry("sluice.pipelines.slow.input.bucket", IN),
                Map.entry("sluice.pipelines.slow.output.bucket", "pg-slow-out"),
                Map.entry("sluice.pipelines.slow.job.name", JOB),
                Map.entry("sluice.pipelines.slow.job.table", "slow"),
                Map.entry("sluice.pipelines.slow.batch.max-files", "10"),
                Map.entry("sluice.pipelines.slow.batch.max-wait", "1s"));
    }

    @Test
    void twoSecondsPerQueryForAWhileStartsNoRunTwice() throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(4);
        JdbcClient db = direct();
        try {
            for (Future<?> upload : upload(uploaders, 0, FILES / 2)) {
                upload.get();
            }
            // Some runs under way before the answers slow down, so that the tracker has some to follow.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> db.sql("SELECT COUNT(*) FROM run")
                                    .query(Integer.class)
                                    .single()
                            > 0);
            Latency slow = postgres.toxics().latency("pg-slow", ToxicDirection.DOWNSTREAM, 2000);
            Instant slowFrom = Instant.now();
            try {
                long askedAt = System.nanoTime();
                JdbcClient.create(replicas.get(0).getBean(DataSource.class))
                        .sql("SELECT 1")
                        .query(Integer.class)
                        .single();
                assertThat(Duration.ofNanos(System.nanoTime() - askedAt))
                        .as("a query through the proxy waits for the latency")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
                for (Future<?> upload : upload(uploaders, FILES / 2, FILES)) {
                    upload.get();
                }
                // Work goes on while slow: the slowed replicas still record files.
                int before = db.sql("SELECT COUNT(*) FROM file_arrival")
                        .query(Integer.class)
                        .single();
                await().atMost(SLOW.plusSeconds(30))
                        .until(() -> Duration.between(slowFrom, Instant.now()).compareTo(SLOW) >= 0
                                && db.sql("SELECT COUNT(*) FROM file_arrival")
                                                .query(Integer.class)
                                                .single()
                                        > before);
            } finally {
                slow.remove();
            }
        } finally {
            uploaders.shutdown();
        }

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> db.sql("SELECT COUNT(*) FROM file_arrival WHERE status = 'PROCESSED'")
                                .query(Integer.class)
                                .single(),
                        n -> n == FILES);
        assertThat(db.sql("SELECT COUNT(*) FROM file_arrival")
                        .query(Integer.class)
                        .single())
                .as("each file recorded once")
                .isEqualTo(FILES);
        assertThat(db.sql("SELECT SUM(file_count) FROM run")
                        .query(Integer.class)
                        .single())
                .as("every file in exactly one run")
                .isEqualTo(FILES);
        assertThat(db.sql("SELECT COUNT(*) FROM run WHERE status <> 'SUCCEEDED'")
                        .query(Integer.class)
                        .single())
                .isZero();
        List<String> jobRunIds =
                db.sql("SELECT job_run_id FROM run").query(String.class).list();
        List<JobRun> started = new ArrayList<>();
        aws.glue.getJobRunsPaginator(b -> b.jobName(JOB)).forEach(page -> started.addAll(page.jobRuns()));
        assertThat(started)
                .extracting(JobRun::id)
                .as("no run started twice")
                .containsExactlyInAnyOrderElementsOf(jobRunIds);
    }

    private static List<Future<?>> upload(ExecutorService uploaders, int from, int to) {
        return IntStream.range(from, to)
                .<Future<?>>mapToObj(i -> uploaders.submit(() -> aws.s3.putObject(
                        b -> b.bucket(IN).key("slow/file-" + i + ".csv"),
                        RequestBody.fromString("id,value\n" + i + "," + i * 2 + "\n"))))
                .toList();
    }

    /** The database itself, not through the proxy. */
    private static JdbcClient direct() throws Exception {
        Postgres server = Postgres.shared();
        return JdbcClient.create(new SingleConnectionDataSource(
                DriverManager.getConnection(database, server.user(), server.password()), true));
    }
}
