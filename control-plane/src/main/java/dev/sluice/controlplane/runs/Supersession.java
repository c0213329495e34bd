package dev.sluice.controlplane.runs;

/**
 * A reprocess run converts file {@code fileId} (key {@code key}) again; the output that run
 * {@code supersededRunId} wrote of that file is removed when the new run publishes, never before.
 */
public record Supersession(long fileId, String key, long supersededRunId) {}
