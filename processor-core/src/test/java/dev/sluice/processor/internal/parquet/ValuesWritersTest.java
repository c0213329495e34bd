package dev.sluice.processor.internal.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.dictionary.DictionaryValuesWriter.PlainBinaryDictionaryValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;

/** Sluice's values writers write the same bytes as the parquet-java writers they stand in for. */
class ValuesWritersTest {

    private static final HeapByteBufferAllocator HEAP = new HeapByteBufferAllocator();

    @Test
    void plainWriterWritesParquetsPlainBytes() throws IOException {
        ValuesWriter ours = new ArrayPlainValuesWriter();
        ValuesWriter theirs = new PlainValuesWriter(64, 1 << 20, HEAP);
        Random random = new Random(3);
        byte[] arena = new byte[100];
        for (int page = 0; page < 3; page++) {
            for (int i = 0; i < 20_000; i++) {
                int kind = random.nextInt(4);
                if (kind == 0) {
                    int v = random.nextInt();
                    ours.writeInteger(v);
                    theirs.writeInteger(v);
                } else if (kind == 1) {
                    long v = random.nextLong();
                    ours.writeLong(v);
                    theirs.writeLong(v);
                } else if (kind == 2) {
                    double v = random.nextDouble() * 1e6;
                    ours.writeDouble(v);
                    theirs.writeDouble(v);
                } else {
                    random.nextBytes(arena);
                    int start = random.nextInt(50);
                    Binary v = Binary.fromReusedByteArray(arena, start, random.nextInt(50));
                    ours.writeBytes(v);
                    theirs.writeBytes(v);
                }
            }
            assertThat(ours.getBufferedSize()).isEqualTo(theirs.getBufferedSize());
            assertThat(ours.getBytes().toByteArray())
                    .isEqualTo(theirs.getBytes().toByteArray());
            assertThat(ours.getEncoding()).isEqualTo(theirs.getEncoding());
            ours.reset();
            theirs.reset();
        }
    }

    @Test
    void binaryDictionaryWriterAssignsParquetsIdsAndDictionary() throws IOException {
        BinaryDictionaryWriter ours = new BinaryDictionaryWriter(1 << 20, Encoding.PLAIN_DICTIONARY, HEAP);
        PlainBinaryDictionaryValuesWriter theirs = new PlainBinaryDictionaryValuesWriter(
                1 << 20, Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, HEAP);
        Random random = new Random(5);
        byte[] arena = new byte[64];
        for (int rowGroup = 0; rowGroup < 2; rowGroup++) {
            for (int page = 0; page < 3; page++) {
                for (int i = 0; i < 30_000; i++) {
                    // 3,000 distinct texts of 0 to 23 bytes, in a reused array as Sluice passes them
                    byte[] text = ("v" + random.nextInt(3_000) + "-".repeat(random.nextInt(3) * 7))
                            .getBytes(StandardCharsets.UTF_8);
                    int start = random.nextInt(8);
                    System.arraycopy(text, 0, arena, start, text.length);
                    Binary v = i % 1000 == 0
                            ? Binary.fromString("")
                            : Binary.fromReusedByteArray(arena, start, text.length);
                    ours.writeBytes(v);
                    theirs.writeBytes(v);
                }
                assertThat(ours.getBytes().toByteArray())
                        .isEqualTo(theirs.getBytes().toByteArray());
                ours.reset();
                theirs.reset();
            }
            DictionaryPage a = ours.toDictPageAndClose();
            DictionaryPage b = theirs.toDictPageAndClose();
            assertThat(a.getDictionarySize()).isEqualTo(b.getDictionarySize()).isGreaterThan(2_000);
            assertThat(a.getBytes().toByteArray()).isEqualTo(b.getBytes().toByteArray());
            ours.resetDictionary();
            theirs.resetDictionary();
        }
    }

    @Test
    void constantColumnWriterWritesParquetsPagesAndDictionary() throws IOException {
        ParquetProperties properties = ParquetProperties.builder()
                .withValuesWriterFactory(new SluiceValuesWriterFactory(Set.of("c")))
                .build();
        ColumnDescriptor column = new ColumnDescriptor(
                new String[] {"c"}, Types.required(PrimitiveTypeName.BINARY).named("c"), 0, 0);
        ValuesWriter ours = properties.newValuesWriter(column);
        PlainBinaryDictionaryValuesWriter theirs = new PlainBinaryDictionaryValuesWriter(
                1 << 20, Encoding.PLAIN_DICTIONARY, Encoding.PLAIN_DICTIONARY, HEAP);
        Binary value = Binary.fromConstantByteArray("s3://bucket/some/file.csv".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 20_000; i++) {
            ours.writeBytes(value);
            theirs.writeBytes(value);
        }
        assertThat(ours.getBufferedSize()).isEqualTo(theirs.getBufferedSize());
        assertThat(ours.getBytes().toByteArray()).isEqualTo(theirs.getBytes().toByteArray());
        ours.reset();
        theirs.reset();
        // a short page: parquet bit-packs it, ours is one run; both read back as three ids 0
        for (int i = 0; i < 3; i++) {
            ours.writeBytes(value);
        }
        byte[] page = ours.getBytes().toByteArray();
        assertThat(page[0]).isZero(); // bit width
        RunLengthBitPackingHybridDecoder ids =
                new RunLengthBitPackingHybridDecoder(0, new ByteArrayInputStream(page, 1, page.length - 1));
        assertThat(new int[] {ids.readInt(), ids.readInt(), ids.readInt()}).containsExactly(0, 0, 0);
        theirs.writeBytes(value);
        theirs.getBytes();
        assertThat(ours.toDictPageAndClose().getBytes().toByteArray())
                .isEqualTo(theirs.toDictPageAndClose().getBytes().toByteArray());
    }

    /**
     * Number columns keep their ids in a {@link SmallIntList} instead of parquet's IntList (16 KB
     * at the first id); pages, the fallback to PLAIN and the dictionary are byte for byte parquet's.
     */
    @Test
    void numberDictionaryWritersWriteParquetsPagesFallbackAndDictionary() throws IOException {
        for (PrimitiveTypeName type :
                new PrimitiveTypeName[] {PrimitiveTypeName.INT32, PrimitiveTypeName.INT64, PrimitiveTypeName.DOUBLE}) {
            ColumnDescriptor column = new ColumnDescriptor(
                    new String[] {"n"}, Types.required(type).named("n"), 0, 0);
            ValuesWriter ours = ParquetProperties.builder()
                    .withDictionaryPageSize(16 << 10)
                    .withValuesWriterFactory(new SluiceValuesWriterFactory(Set.of()))
                    .build()
                    .newValuesWriter(column);
            ValuesWriter theirs = ParquetProperties.builder()
                    .withDictionaryPageSize(16 << 10)
                    .build()
                    .newValuesWriter(column);
            Random random = new Random(11);
            // pages of 300 distinct values, then pages of many: the dictionary outgrows 16 KB
            for (int page = 0; page < 6; page++) {
                int distinct = page < 3 ? 300 : 1_000_000;
                for (int i = 0; i < 5_000; i++) {
                    int v = random.nextInt(distinct);
                    switch (type) {
                        case INT32 -> {
                            ours.writeInteger(v);
                            theirs.writeInteger(v);
                        }
                        case INT64 -> {
                            ours.writeLong(v * 1_000_003L);
                            theirs.writeLong(v * 1_000_003L);
                        }
                        default -> {
                            ours.writeDouble(v / 7.0);
                            theirs.writeDouble(v / 7.0);
                        }
                    }
                }
                assertThat(ours.getBytes().toByteArray())
                        .as(type + " page " + page)
                        .isEqualTo(theirs.getBytes().toByteArray());
                assertThat(ours.getEncoding()).isEqualTo(theirs.getEncoding());
                ours.reset();
                theirs.reset();
            }
            assertThat(ours.getEncoding()).as("fell back").isEqualTo(Encoding.PLAIN);
            DictionaryPage a = ours.toDictPageAndClose();
            DictionaryPage b = theirs.toDictPageAndClose();
            assertThat(a == null ? null : a.getBytes().toByteArray())
                    .isEqualTo(b == null ? null : b.getBytes().toByteArray());
        }
    }
}
