package dev.sluice.controlplane.storage;

import java.util.Objects;

/** An object's address: a bucket and a key, whatever stores it. */
public record Location(String bucket, String key) {

    public Location {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("bucket is blank");
        }
    }

    /** A key under this location's key, which is taken as a prefix. */
    public Location child(String name) {
        return new Location(bucket, key + name);
    }

    @Override
    public String toString() {
        return bucket + "/" + key;
    }
}
