package dev.sluice.controlplane.ingest;

import java.time.Instant;
import java.util.Optional;

/** A page of file arrivals, newest first, strictly older than the cursor {@code before}. */
public record FileQuery(
        Optional<String> pipeline,
        Optional<FileStatus> status,
        Optional<Instant> since,
        Optional<Instant> until,
        long before,
        int limit) {}
