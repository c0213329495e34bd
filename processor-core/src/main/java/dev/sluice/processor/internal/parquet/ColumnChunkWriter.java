package dev.sluice.processor.internal.parquet;

import java.io.IOException;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.SizeStatistics;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.statistics.geospatial.GeospatialStatistics;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveComparator;

/**
 * One column of the open row group, written a batch at a time: values into parquet-java's values
 * writer (dictionary falling back to PLAIN), page statistics into parquet-java's
 * {@link Statistics}, pages handed to parquet-hadoop's {@link PageWriter} (which compresses them
 * and builds the column and offset indexes). It does what parquet-column's {@code ColumnWriterV1}
 * does for a flat column, but keeps a page's definition levels as the batches' presence flags and
 * encodes them once per page: a page without nulls (the usual case) is one RLE run, where
 * {@code ColumnWriterV1} pushed every value's level through an RLE encoder (~9% of the
 * conversion's CPU time). Pages with some nulls are encoded by parquet-java's level writer.
 */
final class ColumnChunkWriter {

    private final ColumnDescriptor descriptor;
    private final PageWriter pages;
    private final ParquetProperties properties;
    private final ValuesWriter values;
    private final boolean optional;
    private final boolean statisticsEnabled;
    /** Texts: ordered as unsigned bytes (decimals on fixed-length bytes are signed integers). */
    private final boolean lexicographic;

    private final int pageBytes;
    private final int pageRows;
    private Statistics<?> statistics;
    /** Grows with the page's rows: a wide file's many columns each start with none. */
    private boolean[] present = new boolean[0];

    private int rows;
    private int nulls;

    ColumnChunkWriter(ColumnDescriptor descriptor, PageWriter pages, ParquetProperties properties) {
        this.descriptor = descriptor;
        this.pages = pages;
        this.properties = properties;
        this.values = properties.newValuesWriter(descriptor);
        this.optional = descriptor.getMaxDefinitionLevel() > 0;
        this.statisticsEnabled = properties.getStatisticsEnabled(descriptor);
        Object order = descriptor.getPrimitiveType().comparator();
        this.lexicographic = order == PrimitiveComparator.UNSIGNED_LEXICOGRAPHICAL_BINARY_COMPARATOR;
        this.pageBytes = properties.getPageSizeThreshold();
        this.pageRows = properties.getPageRowCountLimit();
        this.statistics = newStatistics();
    }

    private Statistics<?> newStatistics() {
        return statisticsEnabled
                ? Statistics.createStats(descriptor.getPrimitiveType())
                : Statistics.noopStats(descriptor.getPrimitiveType());
    }

    void writeInts(long[] v, boolean[] has, int n) {
        ValuesWriter w = values;
        Statistics<?> s = statistics;
        for (int r = 0; r < n; r++) {
            if (has[r]) {
                int x = (int) v[r];
                w.writeInteger(x);
                s.updateStats(x);
            }
        }
        ended(has, n);
    }

    void writeLongs(long[] v, boolean[] has, int n) {
        ValuesWriter w = values;
        Statistics<?> s = statistics;
        for (int r = 0; r < n; r++) {
            if (has[r]) {
                w.writeLong(v[r]);
                s.updateStats(v[r]);
            }
        }
        ended(has, n);
    }

    void writeDoubles(double[] v, boolean[] has, int n) {
        ValuesWriter w = values;
        Statistics<?> s = statistics;
        for (int r = 0; r < n; r++) {
            if (has[r]) {
                w.writeDouble(v[r]);
                s.updateStats(v[r]);
            }
        }
        ended(has, n);
    }

    void writeBooleans(long[] v, boolean[] has, int n) {
        ValuesWriter w = values;
        Statistics<?> s = statistics;
        for (int r = 0; r < n; r++) {
            if (has[r]) {
                boolean x = v[r] != 0;
                w.writeBoolean(x);
                s.updateStats(x);
            }
        }
        ended(has, n);
    }

    void writeBinaries(RowBatch batch, int column, boolean[] has, int n) {
        if (!lexicographic) {
            ValuesWriter w = values;
            Statistics<?> s = statistics;
            for (int r = 0; r < n; r++) {
                if (has[r]) {
                    Binary x = batch.binary(column, r);
                    w.writeBytes(x);
                    s.updateStats(x);
                }
            }
            ended(has, n);
            return;
        }
        // texts: PLAIN values straight from the batch, and the batch's min and max found on its
        // bytes (unsigned lexicographic order, the column's comparator) before they reach the
        // page statistics: no Binary per value where none is needed
        byte[] a = batch.arena;
        int[] starts = batch.starts[column];
        int[] lengths = batch.lengths[column];
        ValuesWriter w = values;
        ArrayPlainValuesWriter plain = w instanceof ArrayPlainValuesWriter p ? p : null;
        boolean minMax = statisticsEnabled;
        int min = -1;
        int max = -1;
        for (int r = 0; r < n; r++) {
            if (!has[r]) {
                continue;
            }
            int from = starts[r];
            int to = from + lengths[r];
            if (plain != null) {
                plain.writeBytes(a, from, to - from);
            } else {
                w.writeBytes(Binary.fromReusedByteArray(a, from, to - from));
            }
            if (minMax) {
                if (min < 0) {
                    min = r;
                    max = r;
                } else if (Arrays.compareUnsigned(a, from, to, a, starts[min], starts[min] + lengths[min]) < 0) {
                    min = r;
                } else if (Arrays.compareUnsigned(a, from, to, a, starts[max], starts[max] + lengths[max]) > 0) {
                    max = r;
                }
            }
        }
        if (min >= 0) {
            statistics.updateStats(Binary.fromReusedByteArray(a, starts[min], lengths[min]));
            statistics.updateStats(Binary.fromReusedByteArray(a, starts[max], lengths[max]));
        }
        ended(has, n);
    }

    /** The same value in n rows of a required column. */
    void writeConstant(long v, int n) {
        for (int r = 0; r < n; r++) {
            values.writeLong(v);
        }
        statistics.updateStats(v);
        ended(null, n);
    }

    /** The same value in n rows of a required column. */
    void writeConstant(Binary v, int n) {
        for (int r = 0; r < n; r++) {
            values.writeBytes(v);
        }
        statistics.updateStats(v);
        ended(null, n);
    }

    /** Takes the rows' presence as the page's definition levels; ends the page when it is full. */
    private void ended(boolean[] has, int n) {
        if (optional) {
            if (present.length < rows + n) {
                present = Arrays.copyOf(present, Math.max(Math.min(present.length * 2, pageRows), rows + n));
            }
            System.arraycopy(has, 0, present, rows, n);
            int missing = 0;
            for (int r = 0; r < n; r++) {
                if (!has[r]) {
                    missing++;
                }
            }
            nulls += missing;
            statistics.incrementNumNulls(missing);
        }
        rows += n;
        if (values.getBufferedSize() >= pageBytes || rows >= pageRows) {
            writePage();
        }
    }

    /** What the row group holds of this column so far: buffered values and finished pages. */
    long bufferedBytes() {
        return values.getBufferedSize() + pages.getMemSize();
    }

    private void writePage() {
        ValuesWriter levels = null;
        try {
            BytesInput levelBytes;
            Encoding levelEncoding;
            if (!optional) {
                levelBytes = BytesInput.empty();
                levelEncoding = Encoding.BIT_PACKED; // what parquet-java writes for no levels
            } else if (nulls == 0 || nulls == rows) {
                levelBytes = singleRun(rows, nulls == 0 ? 1 : 0);
                levelEncoding = Encoding.RLE;
            } else {
                levels = properties.newDefinitionLevelWriter(descriptor);
                for (int r = 0; r < rows; r++) {
                    levels.writeInteger(present[r] ? 1 : 0);
                }
                levelBytes = levels.getBytes();
                levelEncoding = levels.getEncoding();
            }
            // the values' bytes before their encoding: a dictionary may fall back to PLAIN here
            BytesInput data = values.getBytes();
            pages.writePage(
                    BytesInput.concat(levelBytes, data),
                    rows,
                    rows,
                    statistics,
                    SizeStatistics.noopBuilder(
                                    descriptor.getPrimitiveType(),
                                    descriptor.getMaxRepetitionLevel(),
                                    descriptor.getMaxDefinitionLevel())
                            .build(),
                    GeospatialStatistics.noopBuilder().build(),
                    Encoding.BIT_PACKED, // no repetition levels in a flat schema
                    levelEncoding,
                    values.getEncoding());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not write a page of " + descriptor, e);
        } finally {
            if (levels != null) {
                levels.close();
            }
        }
        values.reset();
        statistics = newStatistics();
        rows = 0;
        nulls = 0;
    }

    /**
     * Levels of a page that are all the same (bit width 1): the 4-byte length, then one RLE run,
     * exactly what parquet-java's RLE/bit-packing hybrid encoder writes for such a page.
     */
    private static BytesInput singleRun(int count, int value) {
        byte[] out = new byte[4 + 5 + 1];
        int p = 4;
        int header = count << 1;
        while ((header & ~0x7F) != 0) {
            out[p++] = (byte) ((header & 0x7F) | 0x80);
            header >>>= 7;
        }
        out[p++] = (byte) header;
        out[p++] = (byte) value;
        int length = p - 4;
        out[0] = (byte) length;
        out[1] = (byte) (length >>> 8);
        out[2] = (byte) (length >>> 16);
        out[3] = (byte) (length >>> 24);
        return BytesInput.from(out, 0, p);
    }

    /** Ends the column chunk: its last page, then its dictionary page, if it has one. */
    void finish() throws IOException {
        if (rows > 0) {
            writePage();
        }
        DictionaryPage dictionary = values.toDictPageAndClose();
        if (dictionary != null) {
            pages.writeDictionaryPage(dictionary);
            values.resetDictionary();
        }
        values.close();
    }
}
