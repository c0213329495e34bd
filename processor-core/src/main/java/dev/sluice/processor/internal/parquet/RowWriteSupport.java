package dev.sluice.processor.internal.parquet;

import dev.sluice.processor.ColumnType;
import dev.sluice.processor.Schema;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/** Writes {@link RowBuffer}s: the data columns by their Sluice type, then the metadata columns. */
final class RowWriteSupport extends WriteSupport<RowBuffer> {

    private static final byte KIND_INT = 0;
    private static final byte KIND_LONG = 1;
    private static final byte KIND_DOUBLE = 2;
    private static final byte KIND_BOOLEAN = 3;
    private static final byte KIND_BINARY = 4;

    private final MessageType messageType;
    private final Map<String, String> metadata;
    private final String[] names;
    private final byte[] kinds;
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
        this.kinds = new byte[names.length];
        for (int i = 0; i < names.length; i++) {
            kinds[i] = kindOf(schema.column(i).type());
        }
        this.processedAtMillis = processedAtMillis;
        this.sourceFile = Binary.fromString(sourceFile);
        this.processingJob = Binary.fromString(processingJob);
    }

    private static byte kindOf(ColumnType type) {
        switch (type.kind()) {
            case INT:
            case DATE:
                return KIND_INT;
            case BIGINT:
            case TIMESTAMP:
                return KIND_LONG;
            case DECIMAL:
                return type.precision() <= 9 ? KIND_INT : type.precision() <= 18 ? KIND_LONG : KIND_BINARY;
            case DOUBLE:
                return KIND_DOUBLE;
            case BOOLEAN:
                return KIND_BOOLEAN;
            default:
                return KIND_BINARY;
        }
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
    public void write(RowBuffer row) {
        RecordConsumer c = consumer;
        c.startMessage();
        int n = names.length;
        for (int i = 0; i < n; i++) {
            if (!row.present[i]) {
                continue;
            }
            String name = names[i];
            c.startField(name, i);
            switch (kinds[i]) {
                case KIND_INT -> c.addInteger((int) row.longs[i]);
                case KIND_LONG -> c.addLong(row.longs[i]);
                case KIND_DOUBLE -> c.addDouble(row.doubles[i]);
                case KIND_BOOLEAN -> c.addBoolean(row.longs[i] != 0);
                default -> c.addBinary(row.binaries[i]);
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
