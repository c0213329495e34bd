package dev.sluice.controlplane.storage;

import java.io.InputStream;

/**
 * Reads an object of known size through ranged reads of {@value #CHUNK} bytes at a time (or of a
 * chunk size given), from any position; a read of more than a chunk is fetched in one ranged read
 * of exactly its length. What is read is what is fetched, so a reader that stops early (a
 * preview, a page of rejects) never transfers the whole object. Not thread-safe.
 */
public final class ObjectReader extends InputStream {

    static final int CHUNK = 1 << 20;

    private final ObjectStore store;
    private final Location location;
    private final long size;
    private final int chunkSize;
    private byte[] chunk = new byte[0];
    private long chunkStart;
    private long position;

    public ObjectReader(ObjectStore store, Location location, long size) {
        this(store, location, size, CHUNK);
    }

    /** Small chunks suit readers that jump (Parquet: a footer, then the pages of some columns). */
    public ObjectReader(ObjectStore store, Location location, long size, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size " + chunkSize + " is not positive");
        }
        this.store = store;
        this.location = location;
        this.size = size;
        this.chunkSize = chunkSize;
    }

    public long size() {
        return size;
    }

    public long position() {
        return position;
    }

    public void seek(long newPosition) {
        if (newPosition < 0 || newPosition > size) {
            throw new IllegalArgumentException("position " + newPosition + " is outside " + location);
        }
        position = newPosition;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        if (position < chunkStart || position >= chunkStart + chunk.length) {
            chunkStart = position;
            chunk = store.readRange(location, position, (int) Math.min(Math.max(chunkSize, length), size - position));
            if (chunk.length == 0) {
                return -1; // the object shrank under us; the caller sees a short read
            }
        }
        int from = (int) (position - chunkStart);
        int n = Math.min(length, chunk.length - from);
        System.arraycopy(chunk, from, target, offset, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, size - position));
        position += skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, chunkStart + chunk.length - position));
    }
}
