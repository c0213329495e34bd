package dev.sluice.controlplane.runs;

import java.util.List;

/** A run whose files have all been taken by reprocess runs: retrying it would convert nothing. */
class NothingToRetryException extends RuntimeException {

    NothingToRetryException(long runId, List<Supersession> takenBy) {
        super("run " + runId + " has no files left to retry: they were reprocessed by run(s) "
                + String.join(
                        ", ",
                        takenBy.stream()
                                .map(s -> Long.toString(s.runId()))
                                .distinct()
                                .toList()));
    }
}
