package dev.sluice.controlplane.runs;

import java.time.Instant;

/** One state change of a run. */
public record RunTransition(RunStatus from, RunStatus to, int attempt, String detail, Instant at) {}
