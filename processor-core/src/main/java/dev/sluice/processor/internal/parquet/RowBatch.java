package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.util.Arrays;
import org.apache.parquet.io.api.Binary;

/**
 * Converted rows waiting to be written, column by column: a typed slot per value and one byte
 * arena for the text and wide decimals. Filled by the reading thread, written by the writing
 * thread (or the same one); reused batch after batch, so no objects are made per value.
 */
public final class RowBatch {

    static final byte INT = 0;
    static final byte LONG = 1;
    static final byte DOUBLE = 2;
    static final byte BOOLEAN = 3;
    static final byte BYTES = 4;

    private final int capacity;
    final byte[] kinds;
    final long[][] longs;
    final double[][] doubles;
    final int[][] starts;
    final int[][] lengths;
    final boolean[][] present;
    /** Text bytes after which a batch counts as full; the arena starts small and grows to it. */
    private static final int ARENA_BYTES = 1 << 20;

    byte[] arena = new byte[4096];
    private int arenaUsed;
    private int rowArenaStart;
    private int size;

    public RowBatch(Schema schema, int capacity) {
        this.capacity = capacity;
        int n = schema.size();
        kinds = new byte[n];
        longs = new long[n][];
        doubles = new double[n][];
        starts = new int[n][];
        lengths = new int[n][];
        present = new boolean[n][];
        for (int i = 0; i < n; i++) {
            kinds[i] = kindOf(schema.column(i).type());
            present[i] = new boolean[capacity];
            switch (kinds[i]) {
                case DOUBLE -> doubles[i] = new double[capacity];
                case BYTES -> {
                    starts[i] = new int[capacity];
                    lengths[i] = new int[capacity];
                }
                default -> longs[i] = new long[capacity];
            }
        }
    }

    static byte kindOf(ColumnType type) {
        return switch (type.kind()) {
            case INT, DATE -> INT;
            case BIGINT, TIMESTAMP -> LONG;
            case DECIMAL -> type.precision() <= 9 ? INT : type.precision() <= 18 ? LONG : BYTES;
            case DOUBLE -> DOUBLE;
            case BOOLEAN -> BOOLEAN;
            case STRING -> BYTES;
        };
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity || arenaUsed > ARENA_BYTES - (ARENA_BYTES >> 3);
    }

    public void clear() {
        size = 0;
        arenaUsed = 0;
        rowArenaStart = 0;
    }

    /** Keeps the row being filled; the next one starts. */
    public void commitRow() {
        size++;
        rowArenaStart = arenaUsed;
    }

    /** Forgets what was put into the row being filled. */
    public void rollbackRow() {
        arenaUsed = rowArenaStart;
    }

    public void setNull(int column) {
        present[column][size] = false;
    }

    public void putLong(int column, long value) {
        longs[column][size] = value;
        present[column][size] = true;
    }

    public void putDouble(int column, double value) {
        doubles[column][size] = value;
        present[column][size] = true;
    }

    public void putBytes(int column, byte[] b, int start, int length) {
        if (arenaUsed + length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
        }
        System.arraycopy(b, start, arena, arenaUsed, length);
        starts[column][size] = arenaUsed;
        lengths[column][size] = length;
        present[column][size] = true;
        arenaUsed += length;
    }

    Binary binary(int column, int row) {
        return Binary.fromReusedByteArray(arena, starts[column][row], lengths[column][row]);
    }
}
