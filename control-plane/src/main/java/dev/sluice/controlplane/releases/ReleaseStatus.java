package dev.sluice.controlplane.releases;

/** Where a release stands as a whole. */
public enum ReleaseStatus {
    /** Some stage is still to run, running, or waiting at a gate. */
    RUNNING,
    /** Every environment of the path has it. */
    SUCCEEDED,
    /** A stage failed (plan, apply or smoke check); the reason says which and why. */
    FAILED,
    /** An approver rejected a gate. */
    REJECTED,
    /** A newer release of the same track replaced it while it waited; never applied after the newer one. */
    SUPERSEDED;

    public boolean isTerminal() {
        return this != RUNNING;
    }
}
