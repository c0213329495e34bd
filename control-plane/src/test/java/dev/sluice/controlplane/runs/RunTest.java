package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTest {

    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(60);

    private final Run queued = new Run(
            7,
            "orders",
            RunStatus.QUEUED,
            1,
            3,
            "sluice-dev-convert",
            null,
            null,
            null,
            2,
            2048,
            Run.RowCounts.NONE,
            Run.JobUsage.NONE,
            null,
            CREATED,
            CREATED,
            null,
            null);

    @Test
    void aTerminalStatusStampsTheFinishAndAnActiveOneClearsIt() {
        Run failed = queued.withStatus(RunStatus.FAILED, LATER);
        assertThat(failed.finishedAt()).isEqualTo(LATER);
        assertThat(failed.updatedAt()).isEqualTo(LATER);

        Run running = failed.withStatus(RunStatus.RUNNING, LATER.plusSeconds(1));
        assertThat(running.finishedAt()).isNull();
        assertThat(running.createdAt()).isEqualTo(CREATED);
    }

    @Test
    void theNextAttemptStartsAfreshButKeepsTheCostSoFar() {
        Run failed = queued.withStatus(RunStatus.RUNNING, CREATED)
                .withJob("jr_1", "s3://out/_manifests/7-1.json")
                .withResults(new Run.RowCounts(10L, 8L, 2L), new Run.JobUsage(60, 120.0))
                .withStatus(RunStatus.FAILED, LATER)
                .withError("boom");

        Run next = failed.nextAttempt(LATER.plusSeconds(30), LATER);

        assertThat(next.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(next.attempt()).isEqualTo(2);
        assertThat(next.jobRunId()).isNull();
        assertThat(next.manifestUri()).isNull();
        assertThat(next.errorMessage()).isNull();
        assertThat(next.rows()).isEqualTo(Run.RowCounts.NONE);
        assertThat(next.usage()).isEqualTo(new Run.JobUsage(60, 120.0));
        assertThat(next.nextAttemptAt()).isEqualTo(LATER.plusSeconds(30));
        assertThat(next.finishedAt()).isNull();
        assertThat(next.withResults(Run.RowCounts.NONE, new Run.JobUsage(30, 60.0))
                        .usage())
                .isEqualTo(new Run.JobUsage(90, 180.0));
    }

    @Test
    void aManualRetryMayGoOneAttemptBeyondThePolicy() {
        Run lastAttempt = queued.nextAttempt(LATER, LATER).nextAttempt(LATER, LATER);
        assertThat(lastAttempt.attemptsLeft()).isFalse();

        Run retried = lastAttempt.nextAttempt(LATER, LATER).allowingOneMoreAttempt();

        assertThat(retried.attempt()).isEqualTo(4);
        assertThat(retried.maxAttempts()).isEqualTo(4);
        assertThat(retried.attemptsLeft()).isFalse();
    }
}
