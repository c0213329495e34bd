package dev.sluice.batch.storage;

import java.io.Serializable;

/**
 * The store for a location. Travels with every file task to wherever it runs (a Spark executor, a
 * thread of this process), so it holds only what it needs to make the store there.
 */
public interface ObjectStores extends Serializable {

    ObjectStore forLocation(ObjectLocation location);

    /** Local files only: the embedded executor's store. */
    static ObjectStores local() {
        return LocalStores.INSTANCE;
    }
}

enum LocalStores implements ObjectStores {
    INSTANCE;

    private static final ObjectStore LOCAL = new LocalObjectStore();

    @Override
    public ObjectStore forLocation(ObjectLocation location) {
        if (location.scheme() != ObjectLocation.Scheme.FILE) {
            throw new IllegalArgumentException(location + ": only local files can be read and written here");
        }
        return LOCAL;
    }
}
