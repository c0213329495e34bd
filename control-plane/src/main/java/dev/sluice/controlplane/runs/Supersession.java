package dev.sluice.controlplane.runs;

/**
 * A reprocess run converts file {@code fileId} (key {@code key}) again; the output that the
 * earlier run wrote of that file is removed when the new run publishes, never before.
 *
 * @param runId in the reprocess run's detail, the earlier run whose output goes; in the earlier
 *     run's detail, the reprocess run that replaces it
 * @param ingestDate the {@code ingest_date} partition where the output that goes lies
 */
public record Supersession(long fileId, String key, long runId, String ingestDate) {}
