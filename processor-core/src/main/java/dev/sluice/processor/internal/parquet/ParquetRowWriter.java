package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Compression;
import dev.sluice.processor.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file written batch by batch straight into parquet-java's column writers
 * ({@link ColumnWriteStore} over a {@link ColumnChunkPageWriteStore}, laid out by
 * {@link ParquetFileWriter} on an {@code OutputFile}), so that no Hadoop class is ever loaded.
 *
 * <p>Why not {@code ParquetWriter} with a {@code WriteSupport}: that path hands every value
 * through {@code MessageColumnIO}'s record consumer (field lookups, nesting bookkeeping and
 * null-filling for each row), which took about a fifth of the conversion's CPU time for Sluice's
 * flat schema. Here each column of a batch is written in one loop with its definition level
 * known (1 for a value, 0 for a null; the metadata columns are required). The encodings, page
 * and row-group layout, statistics and footer are parquet-java's own.
 */
public final class ParquetRowWriter implements Closeable {

    static final int STATISTICS_TRUNCATE_LENGTH = 256;

    private final ParquetFileWriter file;
    private final MessageType messageType;
    private final ParquetProperties properties;
    private final BytesInputCompressor compressor;
    private final Map<String, String> metadata;
    private final long rowGroupBytes;
    private final int dataColumns;
    private final long processedAtMillis;
    private final Binary sourceFile;
    private final Binary processingJob;
    private ColumnChunkPageWriteStore pages;
    private ColumnWriteStore store;
    private ColumnWriter[] columns;
    private long rowGroupRows;
    private boolean closed;

    /**
     * @param plainColumns columns written without a dictionary: their sample showed mostly distinct
     *     values, so a dictionary would only be built to be dropped
     */
    public record Options(
            Compression compression,
            long rowGroupBytes,
            int pageBytes,
            int dictionaryPageBytes,
            Set<String> plainColumns) {}

    private ParquetRowWriter(
            Path path,
            Schema schema,
            Map<String, String> metadata,
            long processedAtMillis,
            String sourceFile,
            String processingJob,
            Options options)
            throws IOException {
        this.messageType = ParquetSchemas.messageType(schema);
        this.properties = properties(options);
        this.compressor = new CodecFactory().getCompressor(codec(options.compression()));
        this.metadata = new LinkedHashMap<>(metadata);
        this.metadata.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, "sluice");
        this.rowGroupBytes = options.rowGroupBytes();
        this.dataColumns = schema.size();
        this.processedAtMillis = processedAtMillis;
        // array-backed: parquet compares and hashes these for every row (dictionary)
        this.sourceFile = Binary.fromConstantByteArray(sourceFile.getBytes(StandardCharsets.UTF_8));
        this.processingJob = Binary.fromConstantByteArray(processingJob.getBytes(StandardCharsets.UTF_8));
        this.file = new ParquetFileWriter(
                new LocalOutputFile(path),
                messageType,
                ParquetFileWriter.Mode.OVERWRITE,
                rowGroupBytes,
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                null,
                properties);
        file.start();
        startRowGroup();
    }

    public static ParquetRowWriter create(
            Path file,
            Schema schema,
            Map<String, String> metadata,
            long processedAtMillis,
            String sourceFile,
            String processingJob,
            Options options)
            throws IOException {
        return new ParquetRowWriter(file, schema, metadata, processedAtMillis, sourceFile, processingJob, options);
    }

    private static ParquetProperties properties(Options options) {
        ParquetProperties.Builder builder = ParquetProperties.builder()
                .withWriterVersion(WriterVersion.PARQUET_1_0)
                .withPageSize(options.pageBytes())
                .withDictionaryPageSize(options.dictionaryPageBytes())
                .withDictionaryEncoding(true)
                .withValuesWriterFactory(new SluiceValuesWriterFactory(
                        Set.of(ParquetSchemas.PROCESSED_AT, ParquetSchemas.SOURCE_FILE, ParquetSchemas.PROCESSING_JOB)))
                // Rows are ended a batch at a time, after all their values are written: measuring
                // the pages (every column's buffers) more often than once a batch would only see
                // the same values again, and parquet's estimate of when to measure next is thrown
                // off by values written ahead of their rows' end.
                .withMinRowCountForPageSizeCheck(BatchWriter.BATCH_ROWS)
                .estimateRowCountForPageSizeCheck(false)
                // level histograms and byte counts no reader of ours uses; page CRCs neither
                .withSizeStatisticsEnabled(false)
                .withPageWriteChecksumEnabled(false)
                // min/max of long texts would otherwise be copied whole into the footer
                .withStatisticsTruncateLength(STATISTICS_TRUNCATE_LENGTH)
                // Constant per file and also in the key-value metadata: comparing the same long
                // text with min and max on every row costs more than the statistics are worth;
                // readers can still filter these columns by their one-entry dictionary.
                .withStatisticsEnabled(ParquetSchemas.SOURCE_FILE, false)
                .withStatisticsEnabled(ParquetSchemas.PROCESSING_JOB, false);
        for (String column : options.plainColumns()) {
            builder.withDictionaryEncoding(column, false);
        }
        return builder.build();
    }

    private static CompressionCodecName codec(Compression compression) {
        return switch (compression) {
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
            case UNCOMPRESSED -> CompressionCodecName.UNCOMPRESSED;
        };
    }

    private void startRowGroup() {
        pages = new ColumnChunkPageWriteStore(
                compressor,
                messageType,
                properties.getAllocator(),
                properties.getColumnIndexTruncateLength(),
                properties.getPageWriteChecksumEnabled(),
                null,
                0);
        store = properties.newColumnWriteStore(messageType, pages, pages);
        List<ColumnDescriptor> descriptors = messageType.getColumns();
        columns = new ColumnWriter[descriptors.size()];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = store.getColumnWriter(descriptors.get(i));
        }
        rowGroupRows = 0;
    }

    /** Writes every row of the batch, column by column, and ends the row group when it is full. */
    public void write(RowBatch batch) throws IOException {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        long before = store.getBufferedSize();
        for (int c = 0; c < dataColumns; c++) {
            writeColumn(batch, c, n);
        }
        writeConstants(n);
        for (int r = 0; r < n; r++) {
            store.endRecord();
        }
        rowGroupRows += n;
        long buffered = store.getBufferedSize();
        // end the row group before the next batch would take it past its size
        if (buffered + Math.max(0, buffered - before) > rowGroupBytes) {
            flushRowGroup();
            startRowGroup();
        }
    }

    private void writeColumn(RowBatch batch, int c, int n) {
        ColumnWriter w = columns[c];
        boolean[] present = batch.present[c];
        switch (batch.kinds[c]) {
            case RowBatch.INT -> {
                long[] v = batch.longs[c];
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write((int) v[r], 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case RowBatch.LONG -> {
                long[] v = batch.longs[c];
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(v[r], 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case RowBatch.DOUBLE -> {
                double[] v = batch.doubles[c];
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(v[r], 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            case RowBatch.BOOLEAN -> {
                long[] v = batch.longs[c];
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(v[r] != 0, 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
            default -> {
                for (int r = 0; r < n; r++) {
                    if (present[r]) {
                        w.write(batch.binary(c, r), 0, 1);
                    } else {
                        w.writeNull(0, 0);
                    }
                }
            }
        }
    }

    /** The metadata columns: required, the same value on every row. */
    private void writeConstants(int n) {
        ColumnWriter processedAt = columns[dataColumns];
        ColumnWriter source = columns[dataColumns + 1];
        ColumnWriter job = columns[dataColumns + 2];
        for (int r = 0; r < n; r++) {
            processedAt.write(processedAtMillis, 0, 0);
        }
        for (int r = 0; r < n; r++) {
            source.write(sourceFile, 0, 0);
        }
        for (int r = 0; r < n; r++) {
            job.write(processingJob, 0, 0);
        }
    }

    private void flushRowGroup() throws IOException {
        try {
            if (rowGroupRows > 0) {
                file.startBlock(rowGroupRows);
                store.flush();
                pages.flushToFileWriter(file);
                file.endBlock();
            }
        } finally {
            store.close();
            pages.close();
        }
    }

    /** Finishes the file: the open row group, then the footer with the key-value metadata. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            file.end(metadata);
        } finally {
            compressor.release();
            file.close();
        }
    }
}
