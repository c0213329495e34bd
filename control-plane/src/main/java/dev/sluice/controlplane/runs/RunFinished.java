package dev.sluice.controlplane.runs;

/**
 * A run reached a final status: it succeeded (wholly or partly), or failed, timed out or was
 * stopped with no attempt left to retry. Published after the transaction that stored it.
 */
public record RunFinished(long runId, String pipeline, RunStatus status) {}
