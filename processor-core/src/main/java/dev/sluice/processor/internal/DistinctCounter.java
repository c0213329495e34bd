package dev.sluice.processor.internal;

/**
 * Counts distinct 64-bit hashes (an open-addressing set of primitive longs: the sample puts one
 * value of every column into it, which boxed {@code Long}s in a {@code HashSet} made costly).
 */
final class DistinctCounter {

    private long[] slots = new long[16];
    private int size;
    private boolean hasZero;

    void add(long hash) {
        if (hash == 0) {
            if (!hasZero) {
                hasZero = true;
                size++;
            }
            return;
        }
        int mask = slots.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (true) {
            long s = slots[i];
            if (s == hash) {
                return;
            }
            if (s == 0) {
                slots[i] = hash;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long h : old) {
            if (h != 0) {
                int i = (int) (h ^ (h >>> 32)) & mask;
                while (slots[i] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i] = h;
            }
        }
    }
}
