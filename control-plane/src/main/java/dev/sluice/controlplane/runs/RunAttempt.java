package dev.sluice.controlplane.runs;

import java.time.Instant;

/** One attempt of a run and what its job run ended with. */
public record RunAttempt(
        int attempt, String jobRunId, RunStatus status, String errorMessage, Instant startedAt, Instant finishedAt) {}
