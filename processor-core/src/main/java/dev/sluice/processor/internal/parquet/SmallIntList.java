package dev.sluice.processor.internal.parquet;

import java.util.Arrays;
import org.apache.parquet.column.values.dictionary.IntList;

/**
 * The dictionary ids of a page, in one array that starts small and doubles. parquet-java's
 * {@link IntList} takes a 16 KB slab at its first id: in a file of thousands of columns that was
 * the largest cost per column (64 MB for 4,000 dictionary columns of three rows). The ids and
 * their order are the same, so are the pages.
 */
final class SmallIntList extends IntList {

    private static final int[] NONE = new int[0];

    private int[] ids = NONE;
    private int size;

    @Override
    public void add(int id) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.max(16, ids.length * 2));
        }
        ids[size++] = id;
    }

    @Override
    public IntIterator iterator() {
        return new IntIterator(new int[][] {ids}, size);
    }

    @Override
    public int size() {
        return size;
    }
}
