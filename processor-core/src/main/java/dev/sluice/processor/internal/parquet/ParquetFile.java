package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Schema;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The file that {@link ParquetRowWriter}s hand their finished row groups to, in the order they
 * are appended: one writer's, or those of several writers that each encoded a part of the input.
 */
public final class ParquetFile implements Closeable {

    private final ParquetFileWriter file;
    private final Map<String, String> metadata;
    private boolean ended;

    private ParquetFile(ParquetFileWriter file, Map<String, String> metadata) {
        this.file = file;
        this.metadata = metadata;
    }

    public static ParquetFile create(
            Path path, Schema schema, Map<String, String> metadata, ParquetRowWriter.Options options)
            throws IOException {
        MessageType messageType = ParquetSchemas.messageType(schema);
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put(ParquetWriter.OBJECT_MODEL_NAME_PROP, "sluice");
        ParquetFileWriter writer = new ParquetFileWriter(
                new LocalOutputFile(path),
                messageType,
                ParquetFileWriter.Mode.OVERWRITE,
                options.rowGroupBytes(),
                ParquetWriter.MAX_PADDING_SIZE_DEFAULT,
                null,
                ParquetRowWriter.properties(options));
        try {
            writer.start();
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
        return new ParquetFile(writer, meta);
    }

    /** Writes a finished row group after those appended before it, then frees its pages. */
    public synchronized void append(ParquetRowWriter.RowGroup group) throws IOException {
        try {
            file.startBlock(group.rows());
            group.pages().flushToFileWriter(file);
            file.endBlock();
        } finally {
            group.pages().close();
        }
    }

    /** Writes the footer with the key-value metadata. */
    public synchronized void end() throws IOException {
        ended = true;
        file.end(metadata);
    }

    @Override
    public synchronized void close() throws IOException {
        if (!ended) {
            // thrown away: the stream is closed without a footer
            ended = true;
        }
        file.close();
    }
}
