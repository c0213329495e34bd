package dev.sluice.controlplane.runs;

/** What the executor says of a job run. */
public record JobRunState(Phase phase, String errorMessage, Integer executionSeconds, Double dpuSeconds) {

    public enum Phase {
        RUNNING,
        SUCCEEDED,
        FAILED,
        TIMEOUT,
        STOPPED
    }

    public static JobRunState running() {
        return new JobRunState(Phase.RUNNING, null, null, null);
    }

    public static JobRunState failed(String message) {
        return new JobRunState(Phase.FAILED, message, null, null);
    }
}
