package dev.sluice.batch.storage;

import java.nio.file.Path;

/** Reads and writes the objects of a run: S3 on Glue, local files for local runs. */
public interface ObjectStore {

    /**
     * The whole object.
     *
     * @throws ObjectUnavailableException when it does not exist or may not be read
     */
    byte[] read(ObjectLocation location);

    /**
     * Copies the object into {@code target}, which must not exist yet.
     *
     * @throws ObjectUnavailableException when it does not exist or may not be read
     */
    void download(ObjectLocation location, Path target);

    /**
     * Copies exactly {@code version} of the object into {@code target}, which must not exist yet.
     *
     * @throws ObjectUnavailableException when that version no longer exists or the key now holds
     *     other bytes; the message says which
     */
    void download(ObjectLocation location, ObjectVersion version, Path target);

    /**
     * Writes bytes {@code [start, end)} of exactly {@code version} of the object into {@code target}
     * at the offsets they have in the object, creating {@code target} when absent and leaving what
     * lies outside the range as it is (a hole, in a new file); fewer when the object ends before
     * {@code end}. A task that converts one range of a large file reads only its range (and a
     * little past it) this way, straight into its sparse copy of the file.
     *
     * @throws ObjectUnavailableException as {@link #download(ObjectLocation, ObjectVersion, Path)}
     */
    void downloadRange(ObjectLocation location, ObjectVersion version, long start, long end, Path target);

    /** Stores the file at {@code location}, replacing what was there. */
    void upload(Path source, ObjectLocation location);

    /** Copies an object within the store, replacing what was at {@code to}. */
    void copy(ObjectLocation from, ObjectLocation to);

    /** Stores {@code bytes} at {@code location}, replacing what was there. */
    void put(ObjectLocation location, byte[] bytes, String contentType);

    /** Deletes every object whose key starts with the prefix's key; returns how many. */
    int deletePrefix(ObjectLocation prefix);
}
