package dev.sluice.controlplane.runs;

import java.time.Instant;
import java.util.Optional;

/**
 * One attempt of a run and what its job run ended with.
 *
 * @param requestedBy who asked for it by hand (a manual retry); empty for the first attempt and automatic retries
 */
public record RunAttempt(
        int attempt,
        String jobRunId,
        RunStatus status,
        String errorMessage,
        Instant startedAt,
        Instant finishedAt,
        Optional<String> requestedBy) {}
