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

    /**
     * One file of the attempt: its id in the control plane, where it is and exactly which bytes, as
     * recorded when it arrived. The job reads that version and no other: by {@code versionId} where
     * the bucket is versioned, else by {@code etag} (and {@code size}); a key that holds other bytes
     * by the time the job runs fails that file, because the newer bytes are an arrival of their own.
     *
     * @param uri the file as the user named it, {@code bucket}/{@code key}: its lineage, the {@code
     *     source_file} of its rows
     * @param versionId the S3 version id, {@code ""} when the bucket is not versioned
     * @param etag the ETag recorded at arrival, without quotes; {@code ""} when none was recorded
     * @param location where the bytes are read from, as a URI: {@code uri} itself in S3; in embedded
     *     mode a place of this arrival's own, since a directory holds one file per name
     */
    public record ManifestFile(
            long fileId,
            String uri,
            String bucket,
            String key,
            long size,
            String etag,
            String versionId,
            String location) {

        public ManifestFile {
            // a manifest of an older control plane has no version id, and reads every file at its uri
            etag = etag == null ? "" : etag;
            versionId = versionId == null ? "" : versionId;
            location = location == null || location.isEmpty() ? uri : location;
        }
    }
}
