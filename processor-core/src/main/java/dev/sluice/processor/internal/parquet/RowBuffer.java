package dev.sluice.processor.internal.parquet;

import org.apache.parquet.io.api.Binary;

/**
 * One converted row, reused for every row: a slot per column, read by the column's type
 * (INT/BIGINT/DATE/TIMESTAMP/BOOLEAN/DECIMAL up to 18 digits in {@code longs}, DOUBLE in {@code
 * doubles}, STRING and wide DECIMAL in {@code binaries}).
 */
public final class RowBuffer {

    public final long[] longs;
    public final double[] doubles;
    public final Binary[] binaries;
    public final boolean[] present;

    public RowBuffer(int columns) {
        longs = new long[columns];
        doubles = new double[columns];
        binaries = new Binary[columns];
        present = new boolean[columns];
    }
}
