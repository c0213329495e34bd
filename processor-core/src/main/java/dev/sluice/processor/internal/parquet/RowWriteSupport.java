package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.Schema;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes the current row of a {@link RowBatch}: the data columns by their Sluice type, then the
 * metadata columns, which are the same for every row of a file.
 */
final class RowWriteSupport extends WriteSupport<RowBatch> {

    private final MessageType messageType;
    private final Map<String, String> metadata;
    private final String[] names;
    private final long processedAtMillis;
    private final Binary sourceFile;
    private final Binary processingJob;
    private RecordConsumer consumer;

    RowWriteSupport(
            Schema schema,
            Map<String, String> metadata,
            long processedAtMillis,
            String sourceFile,
            String processingJob) {
        this.messageType = ParquetSchemas.messageType(schema);
        this.metadata = Map.copyOf(metadata);
        this.names = schema.names().toArray(String[]::new);
        this.processedAtMillis = processedAtMillis;
        // array-backed: parquet compares and hashes these for every row (dictionary, statistics),
        // which is far slower on the ByteBuffer-backed values Binary.fromString makes
        this.sourceFile = Binary.fromConstantByteArray(sourceFile.getBytes(StandardCharsets.UTF_8));
        this.processingJob = Binary.fromConstantByteArray(processingJob.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(messageType, metadata);
    }

    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(messageType, metadata);
    }

    @Override
    public String getName() {
        return "sluice";
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.consumer = recordConsumer;
    }

    @Override
    public void write(RowBatch batch) {
        RecordConsumer c = consumer;
        int row = batch.current;
        c.startMessage();
        int n = names.length;
        for (int i = 0; i < n; i++) {
            if (!batch.present[i][row]) {
                continue;
            }
            String name = names[i];
            c.startField(name, i);
            switch (batch.kinds[i]) {
                case RowBatch.INT -> c.addInteger((int) batch.longs[i][row]);
                case RowBatch.LONG -> c.addLong(batch.longs[i][row]);
                case RowBatch.DOUBLE -> c.addDouble(batch.doubles[i][row]);
                case RowBatch.BOOLEAN -> c.addBoolean(batch.longs[i][row] != 0);
                default -> c.addBinary(batch.binary(i, row));
            }
            c.endField(name, i);
        }
        c.startField(ParquetSchemas.PROCESSED_AT, n);
        c.addLong(processedAtMillis);
        c.endField(ParquetSchemas.PROCESSED_AT, n);
        c.startField(ParquetSchemas.SOURCE_FILE, n + 1);
        c.addBinary(sourceFile);
        c.endField(ParquetSchemas.SOURCE_FILE, n + 1);
        c.startField(ParquetSchemas.PROCESSING_JOB, n + 2);
        c.addBinary(processingJob);
        c.endField(ParquetSchemas.PROCESSING_JOB, n + 2);
        c.endMessage();
    }
}
