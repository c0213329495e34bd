package dev.sluice.processor.internal.parquet;

import java.util.Set;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainDoubleDictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainIntegerDictionaryValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainLongDictionaryValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.column.values.fallback.FallbackValuesWriter;
import org.apache.parquet.io.api.Binary;

/**
 * parquet-java's value writers for PARQUET_1_0 (dictionary encoding falling back to PLAIN), with
 * two changes that keep the bytes the same but cost less:
 *
 * <ul>
 *   <li>PLAIN numbers and texts go into an {@link ArrayPlainValuesWriter}, a store per value
 *       instead of a stream call per byte;
 *   <li>texts find their dictionary ids through a {@link BinaryDictionaryWriter}'s index;
 *   <li>the metadata columns, which hold one value for the whole file, have dictionary writers that
 *       recognise that value without hashing and comparing it again on every row (a long source
 *       URI cost more than some data columns) and count its repeats instead of RLE-encoding one
 *       id per row. They still write a parquet-java dictionary page and RLE ids (one run of id 0
 *       per page), as for any dictionary column.
 * </ul>
 */
final class SluiceValuesWriterFactory implements ValuesWriterFactory {

    /** What PARQUET_1_0 calls dictionary encoding, for data and dictionary pages alike. */
    private static final Encoding DICTIONARY = Encoding.PLAIN_DICTIONARY;

    private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
    private final Set<String> constantColumns;
    private ParquetProperties properties;

    SluiceValuesWriterFactory(Set<String> constantColumns) {
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
        int maxBytes = properties.getDictionaryPageSizeThreshold();
        ByteBufferAllocator allocator = properties.getAllocator();
        if (path.length == 1 && constantColumns.contains(path[0])) {
            switch (descriptor.getType()) {
                case BINARY:
                    return new ConstantBinaryWriter(maxBytes, allocator);
                case INT64:
                    return new ConstantLongWriter(maxBytes, allocator);
                default:
                    break;
            }
        }
        DictionaryValuesWriter dictionary = switch (descriptor.getType()) {
            case INT32 -> new IntegerDictionaryWriter(maxBytes, allocator);
            case INT64 -> new LongDictionaryWriter(maxBytes, allocator);
            case DOUBLE -> new DoubleDictionaryWriter(maxBytes, allocator);
            case BINARY -> new BinaryDictionaryWriter(maxBytes, DICTIONARY, allocator);
            default -> null;
        };
        if (dictionary == null) {
            return defaults.newValuesWriter(descriptor); // booleans, fixed-length decimals
        }
        ValuesWriter plain = new ArrayPlainValuesWriter();
        return properties.isDictionaryEnabled(descriptor) ? FallbackValuesWriter.of(dictionary, plain) : plain;
    }

    /*
     * parquet-java's dictionary writers for numbers, keeping their ids in a SmallIntList: they
     * make a new IntList wherever they drop the old one (reset, close, fallback), so do these.
     */

    private static final class IntegerDictionaryWriter extends PlainIntegerDictionaryValuesWriter {
        IntegerDictionaryWriter(int maxBytes, ByteBufferAllocator allocator) {
            super(maxBytes, DICTIONARY, DICTIONARY, allocator);
            encodedValues = new SmallIntList();
        }

        @Override
        public void reset() {
            super.reset();
            encodedValues = new SmallIntList();
        }

        @Override
        public void close() {
            super.close();
            encodedValues = new SmallIntList();
        }

        @Override
        public void fallBackAllValuesTo(ValuesWriter writer) {
            super.fallBackAllValuesTo(writer);
            encodedValues = new SmallIntList();
        }
    }

    private static final class LongDictionaryWriter extends PlainLongDictionaryValuesWriter {
        LongDictionaryWriter(int maxBytes, ByteBufferAllocator allocator) {
            super(maxBytes, DICTIONARY, DICTIONARY, allocator);
            encodedValues = new SmallIntList();
        }

        @Override
        public void reset() {
            super.reset();
            encodedValues = new SmallIntList();
        }

        @Override
        public void close() {
            super.close();
            encodedValues = new SmallIntList();
        }

        @Override
        public void fallBackAllValuesTo(ValuesWriter writer) {
            super.fallBackAllValuesTo(writer);
            encodedValues = new SmallIntList();
        }
    }

    private static final class DoubleDictionaryWriter extends PlainDoubleDictionaryValuesWriter {
        DoubleDictionaryWriter(int maxBytes, ByteBufferAllocator allocator) {
            super(maxBytes, DICTIONARY, DICTIONARY, allocator);
            encodedValues = new SmallIntList();
        }

        @Override
        public void reset() {
            super.reset();
            encodedValues = new SmallIntList();
        }

        @Override
        public void close() {
            super.close();
            encodedValues = new SmallIntList();
        }

        @Override
        public void fallBackAllValuesTo(ValuesWriter writer) {
            super.fallBackAllValuesTo(writer);
            encodedValues = new SmallIntList();
        }
    }

    /**
     * Id 0 repeated: a bit width of 0 and one RLE run, what parquet-java's encoder writes for a
     * page of eight or more rows of a one-entry dictionary.
     */
    static BytesInput zeroIds(int count) {
        byte[] out = new byte[6];
        int p = 1; // out[0]: bit width 0
        int header = count << 1;
        while ((header & ~0x7F) != 0) {
            out[p++] = (byte) ((header & 0x7F) | 0x80);
            header >>>= 7;
        }
        out[p++] = (byte) header;
        return BytesInput.from(out, 0, p);
    }

    /**
     * Remembers the one value it has put into its dictionary (its id is 0) and only counts its
     * repeats, which a page then writes as one run.
     */
    private static final class ConstantBinaryWriter extends PlainBinaryDictionaryValuesWriter {
        private Binary known;
        private int repeats;

        ConstantBinaryWriter(int maxBytes, ByteBufferAllocator allocator) {
            super(maxBytes, DICTIONARY, DICTIONARY, allocator);
        }

        @Override
        public void writeBytes(Binary value) {
            // the same instance: Sluice's metadata values are constant arrays, never reused
            if (value == known) {
                repeats++;
                return;
            }
            for (; repeats > 0; repeats--) {
                encodedValues.add(0);
            }
            super.writeBytes(value);
            if (getDictionarySize() == 1) {
                known = value;
            }
        }

        @Override
        public long getBufferedSize() {
            return super.getBufferedSize() + 4L * repeats;
        }

        @Override
        public BytesInput getBytes() {
            if (getDictionarySize() != 1) {
                for (; repeats > 0; repeats--) {
                    encodedValues.add(0);
                }
                return super.getBytes();
            }
            lastUsedDictionarySize = 1;
            lastUsedDictionaryByteSize = Math.toIntExact(dictionaryByteSize);
            return zeroIds(encodedValues.size() + repeats);
        }

        @Override
        public void reset() {
            super.reset();
            repeats = 0;
        }

        @Override
        protected void clearDictionaryContent() {
            super.clearDictionaryContent();
            known = null;
        }
    }

    /**
     * Remembers the one value it has put into its dictionary (its id is 0) and only counts its
     * repeats, which a page then writes as one run.
     */
    private static final class ConstantLongWriter extends PlainLongDictionaryValuesWriter {
        private boolean hasKnown;
        private long known;
        private int repeats;

        ConstantLongWriter(int maxBytes, ByteBufferAllocator allocator) {
            super(maxBytes, DICTIONARY, DICTIONARY, allocator);
        }

        @Override
        public void writeLong(long value) {
            if (hasKnown && value == known) {
                repeats++;
                return;
            }
            for (; repeats > 0; repeats--) {
                encodedValues.add(0);
            }
            super.writeLong(value);
            if (getDictionarySize() == 1) {
                hasKnown = true;
                known = value;
            }
        }

        @Override
        public long getBufferedSize() {
            return super.getBufferedSize() + 4L * repeats;
        }

        @Override
        public BytesInput getBytes() {
            if (getDictionarySize() != 1) {
                for (; repeats > 0; repeats--) {
                    encodedValues.add(0);
                }
                return super.getBytes();
            }
            lastUsedDictionarySize = 1;
            lastUsedDictionaryByteSize = Math.toIntExact(dictionaryByteSize);
            return zeroIds(encodedValues.size() + repeats);
        }

        @Override
        public void reset() {
            super.reset();
            repeats = 0;
        }

        @Override
        protected void clearDictionaryContent() {
            super.clearDictionaryContent();
            hasKnown = false;
        }
    }
}
