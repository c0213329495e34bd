package dev.sluice.manifest;

import java.util.List;

/**
 * The file list of one attempt of a run, written as JSON next to the output before the job starts;
 * the job reads it through {@code --manifest}. {@code ingestDate} (yyyy-MM-dd) is the run's creation
 * date, so that every attempt writes the same partition and a retry replaces what a failed attempt
 * left. Readers ignore fields they do not know, so that a newer control plane can add some.
 */
public record RunManifest(
        long runId,
        int attempt,
        String pipeline,
        String processingJob,
        String ingestDate,
        String outputBucket,
        String outputPrefix,
        String database,
        String table,
        List<ManifestFile> files) {

    public RunManifest {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** One file of the attempt: its id in the control plane, where it is and which version. */
    public record ManifestFile(long fileId, String uri, String bucket, String key, long size, String etag) {}
}
