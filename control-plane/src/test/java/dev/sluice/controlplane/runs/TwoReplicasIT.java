package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.controlplane.support.Ledger;
import dev.sluice.controlplane.support.Replicas;
import dev.sluice.testsupport.Postgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the control plane on one PostgreSQL database and one queue, 1,000 files put into
 * the emulator's S3: every file is processed once, by one run, and no run is started twice.
 */
class TwoReplicasIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final int FILES = 1000;
    static final String JOB = "replicas-job";
    static Replicas replicas;
    static Ledger ledger;

    @BeforeAll
    static void startTwoReplicas() throws SQLException {
        aws.pipeline("replicas-in", "replicas-out", "replicas-queue", JOB);
        String database = Postgres.shared().newDatabase();
        ledger = Ledger.of(database);
        Map<String, Object> properties = Replicas.properties(aws, database);
        properties.put("sluice.ingest.queue", "replicas-queue");
        properties.put("sluice.runs.poll-interval", "500ms");
        properties.putAll(Replicas.pipeline("bulk", "replicas-in", "replicas-out", JOB));
        replicas = Replicas.start(2, properties);
    }

    @AfterAll
    static void stopReplicas() {
        if (replicas != null) {
            replicas.close();
        }
    }

    @Test
    void aThousandFilesAreEachProcessedOnceAndNoRunStartsTwice() throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        try {
            for (var upload : aws.uploadSmallFiles(uploaders, "replicas-in", "day", 0, FILES)) {
                upload.get();
            }
        } finally {
            uploaders.shutdown();
        }

        ledger.awaitProcessed(FILES, Duration.ofMinutes(3));
        ledger.assertEveryFileOnceAndNoRunStartedTwice(FILES, aws, JOB);
        assertThat(ledger.jobRunIds())
                .as("Glue runs for 1,000 small files under the default batch policy (a Lambda per file: 1,000)")
                .hasSize(10);
    }
}
