package dev.sluice.batch.storage;

import java.io.Serializable;
import java.util.Objects;

/**
 * The bytes of an object as they were when it arrived: its version id where the bucket is
 * versioned, else its ETag and size. {@code ""} is unknown.
 */
public record ObjectVersion(String versionId, String etag, long size) implements Serializable {

    public ObjectVersion {
        Objects.requireNonNull(versionId, "versionId");
        Objects.requireNonNull(etag, "etag");
    }

    /** Whatever the key holds: for objects Sluice writes itself (manifests, staged files). */
    public static ObjectVersion current() {
        return new ObjectVersion("", "", -1);
    }

    @Override
    public String toString() {
        return versionId.isEmpty() ? "ETag " + etag + ", " + size + " bytes" : "version " + versionId;
    }
}
