package dev.sluice.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.Postgres;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import software.amazon.awssdk.services.glue.model.JobRun;

/**
 * The control plane's ledger read straight from PostgreSQL (never through a proxy a test has cut),
 * and what every replica and fault test asserts of it in the end: each file recorded once, in
 * exactly one run, every run successful, and no Glue job run started twice.
 */
public final class Ledger {

    private final JdbcClient db;

    private Ledger(JdbcClient db) {
        this.db = db;
    }

    /** The database at {@code databaseUrl} of the shared PostgreSQL server, on a connection of its own. */
    public static Ledger of(String databaseUrl) throws SQLException {
        Postgres server = Postgres.shared();
        return new Ledger(JdbcClient.create(new SingleConnectionDataSource(
                DriverManager.getConnection(databaseUrl, server.user(), server.password()), true)));
    }

    public int count(String sql) {
        return db.sql(sql).query(Integer.class).single();
    }

    public int recorded() {
        return count("SELECT COUNT(*) FROM file_arrival");
    }

    /** Waits until {@code files} files are PROCESSED. */
    public void awaitProcessed(int files, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count("SELECT COUNT(*) FROM file_arrival WHERE status = 'PROCESSED'"), n -> n == files);
    }

    /** The Glue job runs the emulator has of {@code job}. */
    public static List<JobRun> jobRuns(AwsTestBed aws, String job) {
        List<JobRun> started = new ArrayList<>();
        aws.glue.getJobRunsPaginator(b -> b.jobName(job)).forEach(page -> started.addAll(page.jobRuns()));
        return started;
    }

    public List<String> jobRunIds() {
        return db.sql("SELECT job_run_id FROM run").query(String.class).list();
    }

    /** Every file once, in one successful run each, and one Glue job run per run. */
    public void assertEveryFileOnceAndNoRunStartedTwice(int files, AwsTestBed aws, String job) {
        assertThat(recorded()).as("each file recorded once").isEqualTo(files);
        assertThat(count("SELECT SUM(file_count) FROM run"))
                .as("every file in exactly one run")
                .isEqualTo(files);
        assertThat(count("SELECT COUNT(*) FROM run WHERE status <> 'SUCCEEDED'"))
                .as("runs that did not succeed")
                .isZero();
        assertThat(jobRuns(aws, job))
                .extracting(JobRun::id)
                .as("no run started twice")
                .containsExactlyInAnyOrderElementsOf(jobRunIds());
    }
}
