package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Compression;
import dev.sluice.processor.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * A Parquet file being written row by row through parquet-hadoop's {@link ParquetWriter}, fed by
 * an {@link OutputFile} and a plain (non-Hadoop) configuration, so that no Hadoop class is ever
 * loaded: Hadoop is only needed to compile against the builder's signatures.
 */
public final class ParquetRowWriter implements Closeable {

    static final int STATISTICS_TRUNCATE_LENGTH = 256;

    private final ParquetWriter<RowBatch> writer;

    private ParquetRowWriter(ParquetWriter<RowBatch> writer) {
        this.writer = writer;
    }

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

    public static ParquetRowWriter create(
            Path file,
            Schema schema,
            Map<String, String> metadata,
            long processedAtMillis,
            String sourceFile,
            String processingJob,
            Options options)
            throws IOException {
        RowWriteSupport support = new RowWriteSupport(schema, metadata, processedAtMillis, sourceFile, processingJob);
        Builder builder = new Builder(new LocalOutputFile(file), support)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(new CodecFactory())
                .withCompressionCodec(codec(options.compression()))
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withWriterVersion(WriterVersion.PARQUET_1_0)
                .withRowGroupSize(options.rowGroupBytes())
                .withPageSize(options.pageBytes())
                .withDictionaryPageSize(options.dictionaryPageBytes())
                .withDictionaryEncoding(true)
                .withValidation(false)
                // level histograms and byte counts no reader of ours uses; page CRCs neither
                .withSizeStatisticsEnabled(false)
                .withPageWriteChecksumEnabled(false)
                // min/max of long texts would otherwise be copied whole into the footer
                .withStatisticsTruncateLength(STATISTICS_TRUNCATE_LENGTH);
        // Constant per file and also in the key-value metadata: comparing the same long text with
        // min and max on every row costs more than the statistics are worth; readers can still
        // filter these columns by their one-entry dictionary.
        builder = builder.withStatisticsEnabled(ParquetSchemas.SOURCE_FILE, false)
                .withStatisticsEnabled(ParquetSchemas.PROCESSING_JOB, false);
        for (String column : options.plainColumns()) {
            builder = builder.withDictionaryEncoding(column, false);
        }
        return new ParquetRowWriter(builder.build());
    }

    private static CompressionCodecName codec(Compression compression) {
        return switch (compression) {
            case SNAPPY -> CompressionCodecName.SNAPPY;
            case ZSTD -> CompressionCodecName.ZSTD;
            case UNCOMPRESSED -> CompressionCodecName.UNCOMPRESSED;
        };
    }

    /** Writes every row of the batch. */
    public void write(RowBatch batch) throws IOException {
        int n = batch.size();
        for (int i = 0; i < n; i++) {
            batch.current = i;
            writer.write(batch);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }

    private static final class Builder extends ParquetWriter.Builder<RowBatch, Builder> {
        private final RowWriteSupport support;

        Builder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<RowBatch> getWriteSupport(ParquetConfiguration conf) {
            return support;
        }

        @Override
        protected WriteSupport<RowBatch> getWriteSupport(Configuration conf) {
            return support;
        }
    }
}
