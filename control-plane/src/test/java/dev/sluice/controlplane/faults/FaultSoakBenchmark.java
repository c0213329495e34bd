package dev.sluice.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.Postgres;
import dev.sluice.testsupport.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The soak: two replicas take a stream of files while a fault injector flips faults on and off at
 * random, each for a few seconds: PostgreSQL cut off, PostgreSQL answering late, SQS unreachable.
 * Loopback only, bounded: the faults stop after the soak's duration. At the end every file is in
 * exactly one successful run and no run was started twice. Not part of the suite:
 * {@code ./bench.sh soak} runs it ({@code FILES}, {@code MINUTES} and {@code SEED} override the
 * 10,000 files, 5 minutes and seed).
 */
class FaultSoakBenchmark {

    static final int FILES = Integer.getInteger("bench.soak.files", 10_000);
    static final Duration DURATION =
            Duration.ofSeconds((long) (60 * Double.parseDouble(System.getProperty("bench.soak.minutes", "5"))));
    static final long SEED = Long.getLong("bench.soak.seed", 19);

    static final AwsTestBed aws = new AwsTestBed();
    static final String JOB = "soak-job";
    static final String IN = "soak-in";
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    static Proxy postgres;
    static Proxy sqs;
    static String database;

    @BeforeAll
    static void startTwoReplicasBehindTheProxies() {
        Toxiproxy toxiproxy = Toxiproxy.shared();
        String queueUrl = aws.pipeline(IN, "soak-out", "soak-queue", JOB);
        String dlqArn = aws.sqs
                .getQueueAttributes(
                        b -> b.queueUrl(aws.queueUrl("soak-queue-dlq")).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        // The infrastructure stack's redrive outlasts any one fault here (5 receives × 60 s);
        // scaled to a 2 s visibility, 30 receives do the same.
        aws.sqs.setQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributes(Map.of(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        "2",
                        QueueAttributeName.REDRIVE_POLICY,
                        "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"30\"}")));
        Postgres server = Postgres.shared();
        database = server.newDatabase();
        postgres = toxiproxy.proxy("soak-pg", server.address());
        sqs = toxiproxy.proxy(
                "soak-sqs",
                aws.emulator.endpoint().getHost() + ":"
                        + aws.emulator.endpoint().getPort());
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
        for (Proxy proxy : new Proxy[] {postgres, sqs}) {
            if (proxy != null) {
                proxy.delete();
            }
        }
    }

    private static Map<String, Object> properties(String databaseUrl) {
        Postgres server = Postgres.shared();
        return Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.datasource.url", databaseUrl),
                Map.entry("spring.datasource.username", server.user()),
                Map.entry("spring.datasource.password", server.password()),
                Map.entry("spring.datasource.hikari.connection-timeout", "3000"),
                Map.entry("spring.cloud.aws.endpoint", aws.emulator.endpoint().toString()),
                Map.entry("spring.cloud.aws.sqs.endpoint", "http://127.0.0.1:" + Toxiproxy.port(sqs)),
                Map.entry("spring.cloud.aws.region.static", AwsEmulator.REGION),
                Map.entry("spring.cloud.aws.credentials.access-key", AwsEmulator.ACCESS_KEY),
                Map.entry("spring.cloud.aws.credentials.secret-key", AwsEmulator.SECRET_KEY),
                Map.entry("spring.cloud.aws.s3.path-style-access-enabled", "true"),
                Map.entry("spring.cloud.aws.sqs.listener.poll-timeout", "1s"),
                Map.entry("sluice.ingest.listener.retry-initial", "2s"),
                Map.entry("sluice.ingest.listener.retry-max", "8s"),
                Map.entry("sluice.ingest.listener.warn-interval", "10s"),
                Map.entry("sluice.ingest.queue", "soak-queue"),
                Map.entry("sluice.runs.poll-interval", "1s"),
                Map.entry("sluice.runs.start-grace", "5s"),
                Map.entry("sluice.pipelines.soak.input.bucket", IN),
                Map.entry("sluice.pipelines.soak.output.bucket", "soak-out"),
                Map.entry("sluice.pipelines.soak.job.name", JOB),
                Map.entry("sluice.pipelines.soak.job.table", "soak"),
                Map.entry("sluice.pipelines.soak.batch.max-files", "200"),
                Map.entry("sluice.pipelines.soak.batch.max-wait", "2s"));
    }

    @Test
    void tenThousandFilesWhileFaultsFlipAtRandomEndInExactlyOneSuccessfulRunEach() throws Exception {
        Random random = new Random(SEED);
        Map<String, AtomicInteger> flipped = new TreeMap<>();
        ScheduledExecutorService injector = Executors.newSingleThreadScheduledExecutor();
        ExecutorService uploaders = Executors.newFixedThreadPool(4);
        Instant start = Instant.now();
        Instant faultsEnd = start.plus(DURATION);
        Queue<Future<?>> uploads = new ConcurrentLinkedQueue<>();
        try {
            injector.schedule(() -> flip(random, flipped, faultsEnd, injector), 2, TimeUnit.SECONDS);
            // Spread over the soak, so that files arrive under every fault.
            long every = Math.max(1, DURATION.toMillis() * 1000 / FILES);
            AtomicInteger next = new AtomicInteger();
            ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
            try {
                pacer.scheduleAtFixedRate(
                        () -> {
                            int i = next.getAndIncrement();
                            if (i < FILES) {
                                uploads.add(uploaders.submit(() -> aws.s3.putObject(
                                        b -> b.bucket(IN).key("soak/file-" + i + ".csv"),
                                        RequestBody.fromString("id,value\n" + i + "," + i * 2 + "\n"))));
                            }
                        },
                        0,
                        every,
                        TimeUnit.MICROSECONDS);
                await().atMost(DURATION.plusMinutes(5))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> next.get() >= FILES && Instant.now().isAfter(faultsEnd));
            } finally {
                pacer.shutdownNow();
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            injector.shutdownNow();
            injector.awaitTermination(10, TimeUnit.SECONDS);
            heal();
            uploaders.shutdown();
        }
        Instant healed = Instant.now();

        JdbcClient db = direct();
        await().atMost(Duration.ofMinutes(10))
                .pollInterval(Duration.ofSeconds(2))
                .until(
                        () -> db.sql("SELECT COUNT(*) FROM file_arrival WHERE status = 'PROCESSED'")
                                .query(Integer.class)
                                .single(),
                        n -> n == FILES);
        Duration drained = Duration.between(healed, Instant.now());

        int recorded =
                db.sql("SELECT COUNT(*) FROM file_arrival").query(Integer.class).single();
        int inRuns =
                db.sql("SELECT SUM(file_count) FROM run").query(Integer.class).single();
        int runs = db.sql("SELECT COUNT(*) FROM run").query(Integer.class).single();
        int unsuccessful = db.sql("SELECT COUNT(*) FROM run WHERE status <> 'SUCCEEDED'")
                .query(Integer.class)
                .single();
        List<String> jobRunIds =
                db.sql("SELECT job_run_id FROM run").query(String.class).list();
        List<JobRun> started = new ArrayList<>();
        aws.glue.getJobRunsPaginator(b -> b.jobName(JOB)).forEach(page -> started.addAll(page.jobRuns()));
        double deferred = replicas.stream()
                .mapToDouble(r -> r.getBean(MeterRegistry.class)
                        .counter("sluice.ingest.messages.deferred")
                        .count())
                .sum();
        System.out.printf(
                "%nSOAK: %d files over %s with faults flipped at random (seed %d): %s%n",
                FILES, DURATION, SEED, flipped);
        System.out.printf(
                "SOAK: recorded %d, in runs %d, runs %d (not SUCCEEDED: %d), Glue job runs %d, deliveries deferred"
                        + " %.0f, all processed %s after the last fault%n",
                recorded, inRuns, runs, unsuccessful, started.size(), deferred, drained.withNanos(0));

        assertThat(recorded).as("each file recorded once").isEqualTo(FILES);
        assertThat(inRuns).as("every file in exactly one run").isEqualTo(FILES);
        assertThat(unsuccessful).isZero();
        assertThat(started)
                .extracting(JobRun::id)
                .as("no run started twice")
                .containsExactlyInAnyOrderElementsOf(jobRunIds);
    }

    /** Turns one fault on for 1–5 s, then off, then waits 1–4 s before the next; stops at the end. */
    private static void flip(
            Random random, Map<String, AtomicInteger> flipped, Instant end, ScheduledExecutorService injector) {
        if (Instant.now().isAfter(end)) {
            return;
        }
        String fault = List.of("postgres-down", "postgres-slow", "sqs-down").get(random.nextInt(3));
        long onFor = 1000 + random.nextInt(4000);
        try {
            switch (fault) {
                case "postgres-down" -> postgres.disable();
                case "postgres-slow" ->
                    postgres.toxics().latency("soak-slow", ToxicDirection.DOWNSTREAM, 500 + random.nextInt(1500));
                default -> sqs.disable();
            }
            flipped.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
        } catch (IOException e) {
            throw new IllegalStateException("Toxiproxy refused " + fault, e);
        }
        injector.schedule(
                () -> {
                    heal();
                    injector.schedule(
                            () -> flip(random, flipped, end, injector),
                            1000 + random.nextInt(3000),
                            TimeUnit.MILLISECONDS);
                },
                onFor,
                TimeUnit.MILLISECONDS);
    }

    private static void heal() {
        try {
            postgres.enable();
            sqs.enable();
            for (Toxic toxic : postgres.toxics().getAll()) {
                toxic.remove();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Toxiproxy could not heal", e);
        }
    }

    /** The database itself, not through the proxy. */
    private static JdbcClient direct() throws Exception {
        Postgres server = Postgres.shared();
        return JdbcClient.create(new SingleConnectionDataSource(
                DriverManager.getConnection(database, server.user(), server.password()), true));
    }
}
