package dev.sluice.controlplane.tables;

import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.controlplane.storage.StoredObject;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** A store counting the bytes its ranged reads hand out; whole-object reads fail the test. */
final class CountingStore implements ObjectStore {

    private final ObjectStore store;
    private final AtomicLong fetched = new AtomicLong();

    CountingStore(ObjectStore store) {
        this.store = store;
    }

    @Override
    public byte[] readRange(Location location, long offset, int length) {
        byte[] bytes = store.readRange(location, offset, length);
        fetched.addAndGet(bytes.length);
        return bytes;
    }

    @Override
    public StoredObject put(Location location, byte[] content) {
        return store.put(location, content);
    }

    @Override
    public StoredObject put(Location location, InputStream content) {
        return store.put(location, content);
    }

    @Override
    public Optional<byte[]> read(Location location) {
        throw new AssertionError("a preview reads ranges, never the whole object");
    }

    @Override
    public Optional<Long> size(Location location) {
        return store.size(location);
    }

    @Override
    public void download(Location location, Path target) {
        throw new AssertionError("a preview reads ranges, never the whole object");
    }

    @Override
    public void upload(Path source, Location location) {
        store.upload(source, location);
    }

    @Override
    public String uri(Location location) {
        return store.uri(location);
    }

    long fetched() {
        return fetched.get();
    }
}
