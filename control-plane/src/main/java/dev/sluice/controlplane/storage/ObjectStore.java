package dev.sluice.controlplane.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/** The object store port: S3, or a directory on disk in embedded mode. */
public interface ObjectStore {

    StoredObject put(Location location, byte[] content);

    /** Stores a stream; the object appears only once it is complete. */
    StoredObject put(Location location, InputStream content);

    Optional<byte[]> read(Location location);

    /** The object's size in bytes, or empty when it does not exist. */
    Optional<Long> size(Location location);

    /**
     * Up to {@code length} bytes of the object from {@code offset} (fewer at its end), so that
     * readers of large objects (a Parquet footer, a page of rejects) never fetch all of it.
     */
    byte[] readRange(Location location, long offset, int length);

    /** Copies the object to a local file, for code that needs a {@link Path}. */
    void download(Location location, Path target);

    void upload(Path source, Location location);

    /** The URI that names the object outside Sluice: {@code s3://bucket/key} or {@code file:} URI. */
    String uri(Location location);
}
