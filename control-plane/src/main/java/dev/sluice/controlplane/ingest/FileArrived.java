package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.storage.Location;
import java.time.Instant;
import java.util.Objects;

/**
 * One object version that arrived in an input bucket, from whichever source told us: an S3
 * notification, an upload, the watched input directory. {@code versionTag} is the object's version
 * id where the bucket is versioned, else its ETag: with bucket and key it names the version once.
 * {@code versionId} is the S3 version id alone ({@code ""} when the bucket is not versioned), which
 * the job reads the object by. {@code storedAt} is where the bytes are kept: the key itself in S3,
 * a place of this arrival's own in embedded mode, where a key holds one file at a time. The key
 * stays the file's name and lineage (the {@code source_file} of its rows).
 */
public record FileArrived(
        String bucket,
        String key,
        String versionTag,
        String etag,
        long size,
        Instant eventTime,
        String versionId,
        Location storedAt) {

    /** An S3 object version: kept where it arrived. */
    public FileArrived(
            String bucket, String key, String versionTag, String etag, long size, Instant eventTime, String versionId) {
        this(bucket, key, versionTag, etag, size, eventTime, versionId, new Location(bucket, key));
    }

    /** An arrival in a store without versions (uploads and the input directory in embedded mode). */
    public FileArrived(String bucket, String key, String etag, long size, Instant eventTime, Location storedAt) {
        this(bucket, key, etag, etag, size, eventTime, "", storedAt);
    }

    public FileArrived {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionTag, "versionTag");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(storedAt, "storedAt");
    }
}
