package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the executor's word on a job run becomes the outcome of the run's attempt. */
class TrackerOutcomeTest {

    @Test
    void aFailureCarriesTheExecutorsMessageUsageAndIsRetried() {
        var outcome = Tracker.outcome(RunStatus.FAILED, new JobRunState(JobRunState.Phase.FAILED, "boom", 42, 7.5));

        assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
        assertThat(outcome.error()).isEqualTo("boom");
        assertThat(outcome.usage()).isEqualTo(new Run.JobUsage(42, 7.5));
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void aFailureWithoutAMessageSaysSo() {
        var outcome = Tracker.outcome(RunStatus.TIMEOUT, new JobRunState(JobRunState.Phase.TIMEOUT, null, null, null));

        assertThat(outcome.status()).isEqualTo(RunStatus.TIMEOUT);
        assertThat(outcome.error()).isEqualTo("no error message from the executor");
        assertThat(outcome.retryable()).isTrue();
    }

    @Test
    void aStoppedRunAndAFailureThatWouldRecurAreNotRetried() {
        assertThat(Tracker.outcome(RunStatus.STOPPED, new JobRunState(JobRunState.Phase.STOPPED, "by hand", 1, 1.0))
                        .retryable())
                .isFalse();
        assertThat(Tracker.outcome(RunStatus.FAILED, JobRunState.failedForGood("out of memory"))
                        .retryable())
                .isFalse();
    }
}
