package dev.sluice.controlplane.runs;

import java.time.Instant;
import java.util.Optional;

/** A page of runs, newest first, strictly older than the cursor {@code before}. */
public record RunQuery(
        Optional<String> pipeline,
        Optional<RunStatus> status,
        Optional<Instant> since,
        Optional<Instant> until,
        long before,
        int limit) {}
