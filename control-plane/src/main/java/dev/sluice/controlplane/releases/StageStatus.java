package dev.sluice.controlplane.releases;

/** Where a release stands in one environment of its path. */
public enum StageStatus {
    /** Not started: an earlier environment comes first, or the stack is busy with another deployment. */
    PENDING(false),
    /** An application release whose infrastructure exports are missing or older than it needs. */
    WAITING_FOR_INFRASTRUCTURE(false),
    /** Publishing the pinned assets and planning (creating the change set). */
    DEPLOYING(false),
    /** The plan is ready; an approver other than the requester decides. */
    AWAITING_APPROVAL(false),
    /** The change set is executing. */
    APPLYING(false),
    /** Applied; a sample CSV went to the environment's input bucket and its run must succeed. */
    SMOKE_CHECK(false),
    SUCCEEDED(true),
    FAILED(true),
    REJECTED(true),
    SUPERSEDED(true),
    /** Never started, because an earlier stage did not succeed. */
    CANCELLED(true);

    private final boolean terminal;

    StageStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Waiting for something outside the release: a newer release may replace it here. */
    boolean isWaiting() {
        return this == PENDING || this == WAITING_FOR_INFRASTRUCTURE || this == AWAITING_APPROVAL;
    }
}
