package dev.sluice.controlplane.releases;

/** A status change the release stage state machine does not allow; a bug, never a caller's mistake. */
class IllegalStageTransitionException extends IllegalStateException {

    IllegalStageTransitionException(String environment, StageStatus from, StageStatus to) {
        super("the " + environment + " stage cannot go from " + from + " to " + to);
    }
}
