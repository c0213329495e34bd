package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Compression;
import dev.sluice.processor.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * A Parquet file written batch by batch: each column of a batch goes in one loop into its
 * {@link ColumnChunkWriter} (parquet-java's values writers and statistics), whose pages go to
 * parquet-hadoop's {@link ColumnChunkPageWriteStore}; {@link ParquetFileWriter} lays out the file
 * on an {@code OutputFile}, so that no Hadoop class is ever loaded.
 *
 * <p>Why not {@code ParquetWriter} with a {@code WriteSupport}: that path hands every value
 * through {@code MessageColumnIO}'s record consumer (field lookups, nesting bookkeeping and
 * null-filling for each row), which took about a fifth of the conversion's CPU time for Sluice's
 * flat schema, and through {@code ColumnWriterV1}, which RLE-encodes every value's definition
 * level on its own. The encodings, page and row-group layout, statistics, indexes and footer are
 * parquet-java's own.
 */
public final class ParquetRowWriter implements Closeable {

    static final int STATISTICS_TRUNCATE_LENGTH = 256;

    private final RowGroupSink sink;
    private final ParquetFile ownFile;
    private final MessageType messageType;
    private final ParquetProperties properties;
    private final BytesInputCompressor compressor;
    private final long rowGroupBytes;
    private final int dataColumns;
    private long processedAtMillis;
    private Binary sourceFile;
    private Binary processingJob;
    private ColumnChunkPageWriteStore pages;
    private ColumnChunkWriter[] columns;
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

    /** A finished row group: its compressed pages, not yet in any file. */
    public record RowGroup(ColumnChunkPageWriteStore pages, long rows) {}

    /** Where a writer's finished row groups go. */
    public interface RowGroupSink {
        void accept(RowGroup group) throws IOException;
    }

    private ParquetRowWriter(
            RowGroupSink sink,
            ParquetFile ownFile,
            Schema schema,
            long processedAtMillis,
            String sourceFile,
            String processingJob,
            Options options) {
        this.sink = sink;
        this.ownFile = ownFile;
        this.messageType = ParquetSchemas.messageType(schema);
        this.properties = properties(options);
        this.compressor = new CodecFactory().getCompressor(codec(options.compression()));
        this.rowGroupBytes = options.rowGroupBytes();
        this.dataColumns = schema.size();
        this.processedAtMillis = processedAtMillis;
        // array-backed: parquet compares and hashes these for every row (dictionary)
        this.sourceFile = Binary.fromConstantByteArray(sourceFile.getBytes(StandardCharsets.UTF_8));
        this.processingJob = Binary.fromConstantByteArray(processingJob.getBytes(StandardCharsets.UTF_8));
        startRowGroup();
    }

    /** A writer of one whole Parquet file at {@code file}. */
    public static ParquetRowWriter create(
            Path file,
            Schema schema,
            Map<String, String> metadata,
            long processedAtMillis,
            String sourceFile,
            String processingJob,
            Options options)
            throws IOException {
        ParquetFile out = ParquetFile.create(file, schema, metadata, options);
        try {
            return new ParquetRowWriter(
                    out::append, out, schema, processedAtMillis, sourceFile, processingJob, options);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
    }

    /**
     * A writer that only encodes: each finished row group goes to {@code sink}, which lays it into
     * a file (with those of other writers, in the order of their parts of the input).
     */
    public static ParquetRowWriter rowGroups(
            RowGroupSink sink,
            Schema schema,
            long processedAtMillis,
            String sourceFile,
            String processingJob,
            Options options) {
        return new ParquetRowWriter(sink, null, schema, processedAtMillis, sourceFile, processingJob, options);
    }

    static ParquetProperties properties(Options options) {
        ParquetProperties.Builder builder = ParquetProperties.builder()
                .withWriterVersion(WriterVersion.PARQUET_1_0)
                .withPageSize(options.pageBytes())
                .withDictionaryPageSize(options.dictionaryPageBytes())
                .withDictionaryEncoding(true)
                .withValuesWriterFactory(new SluiceValuesWriterFactory(
                        Set.of(ParquetSchemas.PROCESSED_AT, ParquetSchemas.SOURCE_FILE, ParquetSchemas.PROCESSING_JOB)))
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
        List<ColumnDescriptor> descriptors = messageType.getColumns();
        columns = new ColumnChunkWriter[descriptors.size()];
        for (int i = 0; i < columns.length; i++) {
            ColumnDescriptor descriptor = descriptors.get(i);
            columns[i] = new ColumnChunkWriter(descriptor, pages.getPageWriter(descriptor), properties);
        }
        rowGroupRows = 0;
    }

    /**
     * The metadata columns' values of the rows written from now on: a rewrite of several files'
     * rows into one (right-sizing) changes them where one file's rows end and the next's begin.
     */
    public void metadata(long processedAtMillis, Binary sourceFile, Binary processingJob) {
        this.processedAtMillis = processedAtMillis;
        this.sourceFile = sourceFile;
        this.processingJob = processingJob;
    }

    /** Writes every row of the batch, column by column, and ends the row group when it is full. */
    public void write(RowBatch batch) throws IOException {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        long before = bufferedBytes();
        for (int c = 0; c < dataColumns; c++) {
            writeColumn(batch, c, n);
        }
        columns[dataColumns].writeConstant(processedAtMillis, n);
        columns[dataColumns + 1].writeConstant(sourceFile, n);
        columns[dataColumns + 2].writeConstant(processingJob, n);
        rowGroupRows += n;
        long buffered = bufferedBytes();
        // end the row group before the next batch would take it past its size
        if (buffered + Math.max(0, buffered - before) > rowGroupBytes) {
            flushRowGroup();
            startRowGroup();
        }
    }

    private long bufferedBytes() {
        long total = 0;
        for (ColumnChunkWriter column : columns) {
            total += column.bufferedBytes();
        }
        return total;
    }

    private void writeColumn(RowBatch batch, int c, int n) {
        ColumnChunkWriter w = columns[c];
        boolean[] present = batch.present[c];
        switch (batch.kinds[c]) {
            case RowBatch.INT -> w.writeInts(batch.longs[c], present, n);
            case RowBatch.LONG -> w.writeLongs(batch.longs[c], present, n);
            case RowBatch.DOUBLE -> w.writeDoubles(batch.doubles[c], present, n);
            case RowBatch.BOOLEAN -> w.writeBooleans(batch.longs[c], present, n);
            default -> w.writeBinaries(batch, c, present, n);
        }
    }

    private void flushRowGroup() throws IOException {
        if (rowGroupRows == 0) {
            pages.close();
            return;
        }
        boolean handed = false;
        try {
            for (ColumnChunkWriter column : columns) {
                column.finish();
            }
            handed = true;
            sink.accept(new RowGroup(pages, rowGroupRows));
        } finally {
            if (!handed) {
                pages.close();
            }
        }
    }

    /** Finishes the open row group, and the file (footer with the metadata) when it owns one. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            flushRowGroup();
            if (ownFile != null) {
                ownFile.end();
            }
        } finally {
            compressor.release();
            if (ownFile != null) {
                ownFile.close();
            }
        }
    }
}
