package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RunStatusTest {

    @Test
    void followsTheDocumentedStateMachine() {
        assertThat(RunStatus.QUEUED.canMoveTo(RunStatus.STARTING)).isTrue();
        assertThat(RunStatus.STARTING.canMoveTo(RunStatus.RUNNING)).isTrue();
        assertThat(RunStatus.STARTING.canMoveTo(RunStatus.QUEUED))
                .as("refused start backs off")
                .isTrue();
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.SUCCEEDED)).isTrue();
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.TIMEOUT)).isTrue();
        assertThat(RunStatus.FAILED.canMoveTo(RunStatus.QUEUED))
                .as("retry as a new attempt")
                .isTrue();
    }

    @Test
    void refusesShortcutsAndLeavingSuccess() {
        assertThat(RunStatus.QUEUED.canMoveTo(RunStatus.SUCCEEDED)).isFalse();
        assertThat(RunStatus.QUEUED.canMoveTo(RunStatus.RUNNING)).isFalse();
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.QUEUED)).isFalse();
        assertThat(Arrays.stream(RunStatus.values()).filter(RunStatus.SUCCEEDED::canMoveTo))
                .isEmpty();
    }

    @Test
    void onlyARunThatEndedWithoutSuccessMayBeRetried() {
        assertThat(Arrays.stream(RunStatus.values()).filter(RunStatus::isRetryable))
                .containsExactly(RunStatus.FAILED, RunStatus.TIMEOUT, RunStatus.STOPPED);
    }

    @Test
    void stoppedIsTerminalButNotSuccess() {
        assertThat(RunStatus.STOPPED.isTerminal()).isTrue();
        assertThat(RunStatus.STOPPED).isNotEqualTo(RunStatus.SUCCEEDED);
        assertThat(RunStatus.RUNNING.isTerminal()).isFalse();
    }

    @Test
    void aPartialSuccessEndsTheRunLikeASuccess() {
        assertThat(RunStatus.RUNNING.canMoveTo(RunStatus.PARTIALLY_SUCCEEDED)).isTrue();
        assertThat(RunStatus.PARTIALLY_SUCCEEDED.isTerminal()).isTrue();
        assertThat(Arrays.stream(RunStatus.values()).filter(RunStatus.PARTIALLY_SUCCEEDED::canMoveTo))
                .as("not retried: the same files would fail again")
                .isEmpty();
    }
}
