package dev.sluice.controlplane.runs;

/** A state change the run state machine does not allow. */
public class IllegalTransitionException extends RuntimeException {

    IllegalTransitionException(long runId, RunStatus from, RunStatus to) {
        super("run " + runId + " cannot go from " + from + " to " + to);
    }
}
