package dev.sluice.controlplane.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One object version that arrived in an input bucket, from whichever source told us: an S3
 * notification, an upload, the watched input directory. {@code versionTag} is the object's version
 * id where the bucket is versioned, else its ETag: with bucket and key it names the version once.
 * {@code versionId} is the S3 version id alone ({@code ""} when the bucket is not versioned), which
 * the job reads the object by.
 */
public record FileArrived(
        String bucket, String key, String versionTag, String etag, long size, Instant eventTime, String versionId) {

    /** An arrival in a store without versions (uploads and the input directory in embedded mode). */
    public FileArrived(String bucket, String key, String versionTag, String etag, long size, Instant eventTime) {
        this(bucket, key, versionTag, etag, size, eventTime, "");
    }

    public FileArrived {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionTag, "versionTag");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(versionId, "versionId");
    }
}
