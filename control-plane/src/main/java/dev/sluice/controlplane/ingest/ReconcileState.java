package dev.sluice.controlplane.ingest;

import java.time.Instant;
import java.util.Optional;

/**
 * Where a pipeline's sweep stands.
 *
 * @param token where the pass under way continues; empty when no pass is under way
 * @param passFound files the pass under way has recorded so far
 * @param lastPassFound files the last complete pass recorded
 * @param passesFinding complete passes in a row that found files
 * @param lastPassAt when the last pass completed
 */
record ReconcileState(
        String pipeline,
        Optional<String> token,
        int passFound,
        Optional<Integer> lastPassFound,
        int passesFinding,
        Optional<Instant> lastPassAt) {

    /** Passes in a row that found files before the pipeline's notifications are called broken. */
    static final int BROKEN_AFTER = 3;

    boolean notificationsLookBroken() {
        return passesFinding >= BROKEN_AFTER;
    }

    ReconcileState continuing(String next, int found) {
        return new ReconcileState(
                pipeline, Optional.of(next), passFound + found, lastPassFound, passesFinding, lastPassAt);
    }

    ReconcileState passCompleted(int found, Instant now) {
        int total = passFound + found;
        return new ReconcileState(
                pipeline, Optional.empty(), 0, Optional.of(total), total > 0 ? passesFinding + 1 : 0, Optional.of(now));
    }
}
