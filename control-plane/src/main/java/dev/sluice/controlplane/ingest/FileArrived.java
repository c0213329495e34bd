package dev.sluice.controlplane.ingest;

import java.time.Instant;
import java.util.Objects;

/**
 * One object version that arrived in an input bucket, from whichever source told us: an S3
 * notification, an upload, the watched input directory. {@code versionTag} is the object's version
 * id where the bucket is versioned, else its ETag: with bucket and key it names the version once.
 */
public record FileArrived(String bucket, String key, String versionTag, String etag, long size, Instant eventTime) {

    public FileArrived {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(versionTag, "versionTag");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(eventTime, "eventTime");
    }
}
