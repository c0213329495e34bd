package dev.sluice.processor.internal.parquet;

import java.util.Set;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainLongDictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.io.api.Binary;

/**
 * parquet-java's value writers, except for the metadata columns, which hold one value for the
 * whole file: their dictionary writers recognise that value without hashing and comparing it
 * again on every row (a long source URI cost more than some data columns). They still write
 * parquet-java's dictionary pages and RLE-encoded ids, as for any dictionary column.
 */
final class ConstantColumnsWriterFactory implements ValuesWriterFactory {

    private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
    private final Set<String> constantColumns;
    private ParquetProperties properties;

    ConstantColumnsWriterFactory(Set<String> constantColumns) {
        this.constantColumns = Set.copyOf(constantColumns);
    }

    @Override
    public void initialize(ParquetProperties properties) {
        this.properties = properties;
        defaults.initialize(properties);
    }

    @Override
    public ValuesWriter newValuesWriter(ColumnDescriptor descriptor) {
        String[] path = descriptor.getPath();
        if (path.length != 1 || !constantColumns.contains(path[0])) {
            return defaults.newValuesWriter(descriptor);
        }
        int maxBytes = properties.getDictionaryPageSizeThreshold();
        return switch (descriptor.getType()) {
            case BINARY -> new ConstantBinaryWriter(maxBytes, properties);
            case INT64 -> new ConstantLongWriter(maxBytes, properties);
            default -> defaults.newValuesWriter(descriptor);
        };
    }

    /** Remembers the one value it has put into its dictionary (its id is 0). */
    private static final class ConstantBinaryWriter extends PlainBinaryDictionaryValuesWriter {
        private Binary known;

        ConstantBinaryWriter(int maxBytes, ParquetProperties properties) {
            super(maxBytes, Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, properties.getAllocator());
        }

        @Override
        public void writeBytes(Binary value) {
            // the same instance: Sluice's metadata values are constant arrays, never reused
            if (value == known) {
                encodedValues.add(0);
                return;
            }
            super.writeBytes(value);
            if (getDictionarySize() == 1) {
                known = value;
            }
        }

        @Override
        protected void clearDictionaryContent() {
            super.clearDictionaryContent();
            known = null;
        }
    }

    /** Remembers the one value it has put into its dictionary (its id is 0). */
    private static final class ConstantLongWriter extends PlainLongDictionaryValuesWriter {
        private boolean hasKnown;
        private long known;

        ConstantLongWriter(int maxBytes, ParquetProperties properties) {
            super(maxBytes, Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, properties.getAllocator());
        }

        @Override
        public void writeLong(long value) {
            if (hasKnown && value == known) {
                encodedValues.add(0);
                return;
            }
            super.writeLong(value);
            if (getDictionarySize() == 1) {
                hasKnown = true;
                known = value;
            }
        }

        @Override
        protected void clearDictionaryContent() {
            super.clearDictionaryContent();
            hasKnown = false;
        }
    }
}
