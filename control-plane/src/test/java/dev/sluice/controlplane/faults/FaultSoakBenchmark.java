package dev.sluice.controlplane.faults;

import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Ledger;
import dev.sluice.controlplane.support.Replicas;
import dev.sluice.testsupport.Postgres;
import dev.sluice.testsupport.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
    static Replicas replicas;
    static Proxy postgres;
    static Proxy sqs;
    static Ledger ledger;

    @BeforeAll
    static void startTwoReplicasBehindTheProxies() throws SQLException {
        Toxiproxy toxiproxy = Toxiproxy.shared();
        aws.pipeline(IN, "soak-out", "soak-queue", JOB);
        aws.outlastFaults("soak-queue");
        Postgres server = Postgres.shared();
        String database = server.newDatabase();
        ledger = Ledger.of(database);
        postgres = toxiproxy.proxy("soak-pg", server.address());
        sqs = toxiproxy.proxy(
                "soak-sqs",
                aws.emulator.endpoint().getHost() + ":"
                        + aws.emulator.endpoint().getPort());
        Map<String, Object> properties =
                Replicas.properties(aws, server.through("127.0.0.1:" + Toxiproxy.port(postgres), database));
        properties.put("spring.datasource.hikari.connection-timeout", "3000");
        properties.put("spring.cloud.aws.sqs.endpoint", "http://127.0.0.1:" + Toxiproxy.port(sqs));
        properties.put("sluice.ingest.listener.retry-initial", "2s");
        properties.put("sluice.ingest.listener.retry-max", "8s");
        properties.put("sluice.ingest.listener.warn-interval", "10s");
        properties.put("sluice.ingest.queue", "soak-queue");
        properties.put("sluice.runs.poll-interval", "1s");
        properties.put("sluice.runs.start-grace", "5s");
        properties.putAll(Replicas.pipeline("soak", IN, "soak-out", JOB));
        properties.put("sluice.pipelines.soak.batch.max-files", "200");
        properties.put("sluice.pipelines.soak.batch.max-wait", "2s");
        replicas = Replicas.start(2, properties);
    }

    @AfterAll
    static void stopReplicas() throws IOException {
        if (replicas != null) {
            replicas.close();
        }
        for (Proxy proxy : new Proxy[] {postgres, sqs}) {
            if (proxy != null) {
                proxy.delete();
            }
        }
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
                                uploads.add(uploaders.submit(() -> aws.uploadSmallFile(IN, "soak", i)));
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

        ledger.awaitProcessed(FILES, Duration.ofMinutes(10));
        Duration drained = Duration.between(healed, Instant.now());

        int runs = ledger.count("SELECT COUNT(*) FROM run");
        int unsuccessful = ledger.count("SELECT COUNT(*) FROM run WHERE status <> 'SUCCEEDED'");
        double deferred = replicas.counted("sluice.ingest.messages.deferred");
        System.out.printf(
                "%nSOAK: %d files over %s with faults flipped at random (seed %d): %s%n",
                FILES, DURATION, SEED, flipped);
        System.out.printf(
                "SOAK: recorded %d, in runs %d, runs %d (not SUCCEEDED: %d), Glue job runs %d, deliveries deferred"
                        + " %.0f, all processed %s after the last fault%n",
                ledger.recorded(),
                ledger.count("SELECT SUM(file_count) FROM run"),
                runs,
                unsuccessful,
                Ledger.jobRuns(aws, JOB).size(),
                deferred,
                drained.withNanos(0));

        ledger.assertEveryFileOnceAndNoRunStartedTwice(FILES, aws, JOB);
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
}
