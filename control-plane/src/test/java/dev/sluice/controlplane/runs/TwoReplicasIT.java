package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.support.AwsTestBed;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.Postgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * Two replicas of the control plane on one PostgreSQL database and one queue, 1,000 files put into
 * the emulator's S3: every file is processed once, by one run, and no run is started twice.
 */
class TwoReplicasIT {

    static final AwsTestBed aws = new AwsTestBed();
    static final int FILES = 1000;
    static final String JOB = "replicas-job";
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    static String database;

    @BeforeAll
    static void startTwoReplicas() {
        aws.pipeline("replicas-in", "replicas-out", "replicas-queue", JOB);
        database = Postgres.shared().newDatabase();
        for (int i = 0; i < 2; i++) {
            replicas.add(new SpringApplicationBuilder(SluiceApplication.class)
                    .profiles("aws")
                    .run(properties().entrySet().stream()
                            .map(e -> "--" + e.getKey() + "=" + e.getValue())
                            .toArray(String[]::new)));
        }
    }

    @AfterAll
    static void stopReplicas() {
        replicas.forEach(ConfigurableApplicationContext::close);
    }

    private static Map<String, Object> properties() {
        Postgres postgres = Postgres.shared();
        return Map.ofEntries(
                Map.entry("server.port", "0"),
                Map.entry("spring.datasource.url", database),
                Map.entry("spring.datasource.username", postgres.user()),
                Map.entry("spring.datasource.password", postgres.password()),
                Map.entry("spring.cloud.aws.endpoint", aws.emulator.endpoint().toString()),
                Map.entry("spring.cloud.aws.region.static", AwsEmulator.REGION),
                Map.entry("spring.cloud.aws.credentials.access-key", AwsEmulator.ACCESS_KEY),
                Map.entry("spring.cloud.aws.credentials.secret-key", AwsEmulator.SECRET_KEY),
                Map.entry("spring.cloud.aws.s3.path-style-access-enabled", "true"),
                Map.entry("spring.cloud.aws.sqs.listener.poll-timeout", "1s"),
                Map.entry("sluice.ingest.queue", "replicas-queue"),
                Map.entry("sluice.runs.poll-interval", "500ms"),
                Map.entry("sluice.pipelines.bulk.input.bucket", "replicas-in"),
                Map.entry("sluice.pipelines.bulk.output.bucket", "replicas-out"),
                Map.entry("sluice.pipelines.bulk.job.name", JOB),
                Map.entry("sluice.pipelines.bulk.job.table", "bulk"));
    }

    @Test
    void aThousandFilesAreEachProcessedOnceAndNoRunStartsTwice() throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(8);
        try {
            var uploads = IntStream.range(0, FILES)
                    .mapToObj(i -> uploaders.submit(() -> aws.s3.putObject(
                            b -> b.bucket("replicas-in").key("day/file-" + i + ".csv"),
                            RequestBody.fromString("id,value\n" + i + "," + i * 2 + "\n"))))
                    .toList();
            for (var upload : uploads) {
                upload.get();
            }
        } finally {
            uploaders.shutdown();
        }

        JdbcClient db = JdbcClient.create(replicas.get(0).getBean(javax.sql.DataSource.class));
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> db.sql("SELECT COUNT(*) FROM file_arrival WHERE status = ?")
                                .param(FileStatus.PROCESSED.name())
                                .query(Integer.class)
                                .single(),
                        n -> n == FILES);

        assertThat(db.sql("SELECT COUNT(*) FROM file_arrival")
                        .query(Integer.class)
                        .single())
                .as("each object version recorded once")
                .isEqualTo(FILES);
        List<String> jobRunIds =
                db.sql("SELECT job_run_id FROM run").query(String.class).list();
        int filesInRuns =
                db.sql("SELECT SUM(file_count) FROM run").query(Integer.class).single();
        assertThat(filesInRuns).as("every file in exactly one run").isEqualTo(FILES);
        assertThat(db.sql("SELECT COUNT(*) FROM run WHERE status <> 'SUCCEEDED'")
                        .query(Integer.class)
                        .single())
                .isZero();
        List<JobRun> started = new ArrayList<>();
        aws.glue.getJobRunsPaginator(b -> b.jobName(JOB)).forEach(page -> started.addAll(page.jobRuns()));
        assertThat(started).as("Glue job runs started, one per run").hasSize(jobRunIds.size());
        assertThat(started).extracting(JobRun::id).containsExactlyInAnyOrderElementsOf(jobRunIds);
        assertThat(jobRunIds)
                .as("Glue runs for 1,000 small files under the default batch policy (a Lambda per file: 1,000)")
                .hasSize(10);
    }
}
