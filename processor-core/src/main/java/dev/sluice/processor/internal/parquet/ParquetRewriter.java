package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Schema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.MessageType;

/**
 * Rows of Parquet files Sluice wrote, read back value by value (parquet-java's column readers) and
 * written again through {@link ParquetRowWriter}: the same types, dictionaries and statistics as a
 * conversion makes, row groups sized anew rather than kept as small as the files they came from.
 * The metadata columns are carried over row by row.
 */
public final class ParquetRewriter {

    /** Rows {@code [firstRow, firstRow + rows)} of {@code file}. */
    public record Range(Path file, long firstRow, long rows) {}

    private static final GroupConverter IGNORED = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
            return new PrimitiveConverter() {};
        }

        @Override
        public void start() {}

        @Override
        public void end() {}
    };

    private final Schema schema;
    private final MessageType messageType;
    private final ParquetRowWriter writer;
    private final RowBatch batch;
    private long processedAt = Long.MIN_VALUE;
    private Binary sourceFile;
    private Binary processingJob;
    private long rowsWritten;

    private ParquetRewriter(Schema schema, ParquetRowWriter writer) {
        this.schema = schema;
        this.messageType = ParquetSchemas.messageType(schema);
        this.writer = writer;
        this.batch = new RowBatch(schema, BatchWriter.batchRows(schema.size()));
    }

    /**
     * Writes the ranges, in order, into {@code target}; every file must have been written with
     * {@code schema}.
     *
     * @return the rows written
     */
    public static long rewrite(
            Schema schema,
            List<Range> ranges,
            Path target,
            Map<String, String> metadata,
            ParquetRowWriter.Options options)
            throws IOException {
        ParquetRowWriter writer = ParquetRowWriter.create(target, schema, metadata, 0, "", "", options);
        boolean done = false;
        try {
            ParquetRewriter rewriter = new ParquetRewriter(schema, writer);
            for (Range range : ranges) {
                rewriter.copy(range);
            }
            rewriter.flush();
            writer.close();
            done = true;
            return rewriter.rowsWritten;
        } finally {
            if (!done) {
                try {
                    writer.close();
                } catch (IOException | RuntimeException e) {
                    // the file is being thrown away
                }
            }
        }
    }

    /** The key-value metadata of a file's footer. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (ParquetFileReader reader = open(file)) {
            return reader.getFileMetaData().getKeyValueMetaData();
        }
    }

    private static ParquetFileReader open(Path file) throws IOException {
        return ParquetFileReader.open(new LocalInputFile(file), CodecFactory.READ_OPTIONS);
    }

    /** Parquet's reader without Hadoop, with Sluice's codecs. */
    private void copy(Range range) throws IOException {
        try (ParquetFileReader reader = open(range.file())) {
            MessageType fileType = reader.getFileMetaData().getSchema();
            if (!fileType.equals(messageType)) {
                throw new IllegalArgumentException(
                        range.file() + " was written with another schema: " + fileType + " instead of " + messageType);
            }
            String createdBy = reader.getFileMetaData().getCreatedBy();
            long end = range.firstRow() + range.rows();
            long groupStart = 0;
            for (BlockMetaData block : reader.getRowGroups()) {
                long n = block.getRowCount();
                if (groupStart >= end) {
                    break;
                }
                if (groupStart + n <= range.firstRow()) {
                    reader.skipNextRowGroup();
                } else {
                    PageReadStore pages = reader.readNextRowGroup();
                    long from = Math.max(range.firstRow(), groupStart) - groupStart;
                    long to = Math.min(end, groupStart + n) - groupStart;
                    copyRows(new ColumnReadStoreImpl(pages, IGNORED, fileType, createdBy), from, to);
                }
                groupStart += n;
            }
            if (groupStart < end) {
                throw new IllegalArgumentException(
                        range.file() + " has " + groupStart + " rows, not the " + end + " asked for");
            }
        }
    }

    private void copyRows(ColumnReadStoreImpl store, long from, long to) throws IOException {
        List<ColumnDescriptor> columns = messageType.getColumns();
        ColumnReader[] readers = new ColumnReader[columns.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = store.getColumnReader(columns.get(i));
        }
        for (long r = 0; r < from; r++) {
            for (ColumnReader reader : readers) {
                if (reader.getCurrentDefinitionLevel() == reader.getDescriptor().getMaxDefinitionLevel()) {
                    reader.skip();
                }
                reader.consume();
            }
        }
        int data = schema.size();
        for (long r = from; r < to; r++) {
            // the metadata columns first: they are written per batch, so a batch holds the rows of
            // one file, and where the next file's rows begin the batch goes to the writer
            long at = readers[data].getLong();
            Binary source = readers[data + 1].getBinary();
            Binary job = readers[data + 2].getBinary();
            for (int m = data; m < readers.length; m++) {
                readers[m].consume();
            }
            if (at != processedAt || !source.equals(sourceFile) || !job.equals(processingJob)) {
                flush();
                processedAt = at;
                sourceFile = Binary.fromConstantByteArray(source.getBytes());
                processingJob = Binary.fromConstantByteArray(job.getBytes());
                writer.metadata(processedAt, sourceFile, processingJob);
            }
            for (int c = 0; c < data; c++) {
                read(readers[c], c);
            }
            batch.commitRow();
            rowsWritten++;
            if (batch.isFull()) {
                flush();
            }
        }
    }

    private void read(ColumnReader reader, int c) {
        if (reader.getCurrentDefinitionLevel() < reader.getDescriptor().getMaxDefinitionLevel()) {
            batch.setNull(c);
        } else {
            switch (batch.kinds[c]) {
                case RowBatch.INT -> batch.putLong(c, reader.getInteger());
                case RowBatch.LONG -> batch.putLong(c, reader.getLong());
                case RowBatch.DOUBLE -> batch.putDouble(c, reader.getDouble());
                case RowBatch.BOOLEAN -> batch.putLong(c, reader.getBoolean() ? 1 : 0);
                default -> {
                    Binary b = reader.getBinary();
                    byte[] bytes = b.getBytesUnsafe();
                    batch.putBytes(c, bytes, 0, b.length());
                }
            }
        }
        reader.consume();
    }

    private void flush() throws IOException {
        if (batch.size() > 0) {
            writer.write(batch);
        }
        batch.clear();
    }
}
