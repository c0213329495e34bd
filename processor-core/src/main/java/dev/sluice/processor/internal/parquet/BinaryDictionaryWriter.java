package dev.sluice.processor.internal.parquet;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * parquet-java's dictionary writer for texts with a faster way to find a value's id: an
 * open-addressing index of the dictionary's bytes, hashed eight bytes at a time and compared
 * with {@link Arrays#equals(byte[], int, int, byte[], int, int)}, in front of parquet's map of
 * {@link Binary} keys (whose byte-at-a-time hash and chain of virtual {@code equals} calls made
 * the lookup of names and categories cost more than parsing them). New values still go into
 * parquet's map, which writes the dictionary page and any fallback to PLAIN; the index only
 * repeats ids parquet assigned.
 */
final class BinaryDictionaryWriter extends PlainBinaryDictionaryValuesWriter {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** id + 1 per slot, 0 for an empty slot. */
    private int[] slots = new int[256];

    private int[] hashes = new int[64];
    private byte[][] keys = new byte[64][];
    private int indexed;

    BinaryDictionaryWriter(int maxDictionaryBytes, Encoding encoding, ByteBufferAllocator allocator) {
        super(maxDictionaryBytes, encoding, encoding, allocator);
        encodedValues = new SmallIntList();
    }

    // parquet-java makes a new IntList wherever it drops the old one: a SmallIntList instead

    @Override
    public void reset() {
        super.reset();
        encodedValues = new SmallIntList();
    }

    @Override
    public void close() {
        super.close();
        encodedValues = new SmallIntList();
    }

    @Override
    public void fallBackAllValuesTo(ValuesWriter writer) {
        super.fallBackAllValuesTo(writer);
        encodedValues = new SmallIntList();
    }

    @Override
    public void writeBytes(Binary v) {
        ByteBuffer bytes = v.toByteBuffer();
        if (!bytes.hasArray()) {
            super.writeBytes(v);
            return;
        }
        byte[] a = bytes.array();
        int from = bytes.arrayOffset() + bytes.position();
        int to = from + bytes.remaining();
        int h = hash(a, from, to);
        int mask = slots.length - 1;
        int slot = h & mask;
        int entry;
        while ((entry = slots[slot]) != 0) {
            int id = entry - 1;
            byte[] key = keys[id];
            if (hashes[id] == h && Arrays.equals(key, 0, key.length, a, from, to)) {
                encodedValues.add(id);
                return;
            }
            slot = (slot + 1) & mask;
        }
        int id = binaryDictionaryContent.getInt(v);
        if (id == -1) {
            id = getDictionarySize();
            super.writeBytes(v);
        } else {
            encodedValues.add(id);
        }
        index(id, h, Arrays.copyOfRange(a, from, to), slot);
    }

    private void index(int id, int h, byte[] key, int slot) {
        if (id >= keys.length) {
            int size = Math.max(keys.length * 2, id + 1);
            keys = Arrays.copyOf(keys, size);
            hashes = Arrays.copyOf(hashes, size);
        }
        keys[id] = key;
        hashes[id] = h;
        slots[slot] = id + 1;
        if (++indexed * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        int[] bigger = new int[slots.length * 2];
        int mask = bigger.length - 1;
        for (int entry : slots) {
            if (entry != 0) {
                int slot = hashes[entry - 1] & mask;
                while (bigger[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                bigger[slot] = entry;
            }
        }
        slots = bigger;
    }

    @Override
    protected void clearDictionaryContent() {
        super.clearDictionaryContent();
        Arrays.fill(slots, 0);
        Arrays.fill(keys, 0, Math.min(indexed, keys.length), null);
        indexed = 0;
    }

    static int hash(byte[] a, int from, int to) {
        long h = 0x9E3779B97F4A7C15L ^ (to - from);
        int p = from;
        for (; p + 8 <= to; p += 8) {
            h = (h ^ (long) LONGS.get(a, p)) * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 29;
        }
        long tail = 0;
        for (int shift = 0; p < to; p++, shift += 8) {
            tail |= (a[p] & 0xFFL) << shift;
        }
        h = (h ^ tail) * 0x165667B19E3779F9L;
        h ^= h >>> 32;
        return (int) h;
    }
}
