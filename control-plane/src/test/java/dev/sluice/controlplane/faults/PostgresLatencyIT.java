package dev.sluice.controlplane.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Ledger;
import dev.sluice.controlplane.support.Replicas;
import dev.sluice.testsupport.Postgres;
import dev.sluice.testsupport.Toxiproxy;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    static Replicas replicas;
    static Proxy postgres;
    static Ledger ledger;

    @BeforeAll
    static void startTwoReplicasBehindTheProxy() throws SQLException {
        aws.pipeline(IN, "pg-slow-out", "pg-slow-queue", JOB);
        Postgres server = Postgres.shared();
        String database = server.newDatabase();
        ledger = Ledger.of(database);
        postgres = Toxiproxy.shared().proxy("pg-slow", server.address());
        Map<String, Object> properties =
                Replicas.properties(aws, server.through("127.0.0.1:" + Toxiproxy.port(postgres), database));
        properties.put("sluice.ingest.queue", "pg-slow-queue");
        // A lease of 3 s: shorter than one slowed pass, so leases lapse and change hands.
        properties.put("sluice.runs.poll-interval", "1s");
        properties.put("sluice.runs.start-grace", "5s");
        properties.putAll(Replicas.pipeline("slow", IN, "pg-slow-out", JOB));
        properties.put("sluice.pipelines.slow.batch.max-files", "10");
        properties.put("sluice.pipelines.slow.batch.max-wait", "1s");
        replicas = Replicas.start(2, properties);
    }

    @AfterAll
    static void stopReplicas() throws IOException {
        if (replicas != null) {
            replicas.close();
        }
        if (postgres != null) {
            postgres.delete();
        }
    }

    @Test
    void twoSecondsPerQueryForAWhileStartsNoRunTwice() throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(4);
        try {
            for (Future<?> upload : aws.uploadSmallFiles(uploaders, IN, "slow", 0, FILES / 2)) {
                upload.get();
            }
            // Some runs under way before the answers slow down, so that the tracker has some to follow.
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.count("SELECT COUNT(*) FROM run") > 0);
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
                for (Future<?> upload : aws.uploadSmallFiles(uploaders, IN, "slow", FILES / 2, FILES)) {
                    upload.get();
                }
                // Work goes on while slow: the slowed replicas still record files.
                int before = ledger.recorded();
                await().atMost(SLOW.plusSeconds(30))
                        .until(() -> Duration.between(slowFrom, Instant.now()).compareTo(SLOW) >= 0
                                && ledger.recorded() > before);
            } finally {
                slow.remove();
            }
        } finally {
            uploaders.shutdown();
        }

        ledger.awaitProcessed(FILES, Duration.ofSeconds(60));
        ledger.assertEveryFileOnceAndNoRunStartedTwice(FILES, aws, JOB);
    }
}
