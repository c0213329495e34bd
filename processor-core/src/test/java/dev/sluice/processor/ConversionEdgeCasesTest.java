package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input, odd shapes and big values, end to end and read back by DuckDB. */
class ConversionEdgeCasesTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static long count(Path parquet) {
        return ((Number) DuckDb.rows(parquet, "count(*) AS n").get(0).get("n")).longValue();
    }

    @Test
    void rejectsRowsWithTheWrongFieldCountKeepingLineReasonAndRawText() throws IOException {
        Path in = write("r.csv", "id,name\n1,a\n2,b,extra\n3,\"c\"\n4\n");
        Path rejects = dir.resolve("out/rejects.csv");
        ConversionReport report = CsvConversion.builder()
                .rejects(rejects)
                .maxRejectRatio(0.5)
                .build()
                .convert(in, dir.resolve("out/r.parquet"));

        assertThat(report.rowsRead()).isEqualTo(4);
        assertThat(report.rowsWritten()).isEqualTo(2);
        assertThat(report.rowsRejected()).isEqualTo(2);
        assertThat(report.rejectSamples())
                .containsExactly(
                        new RejectedRow(3, "", "expected 2 fields, found 3"),
                        new RejectedRow(5, "", "expected 2 fields, found 1"));
        assertThat(Files.readString(rejects))
                .isEqualTo("line,column,reason,raw\n"
                        + "3,\"\",\"expected 2 fields, found 3\",\"2,b,extra\"\n"
                        + "5,\"\",\"expected 2 fields, found 1\",\"4\"\n");
        assertThat(DuckDb.rows(dir.resolve("out/r.parquet"), "id, name"))
                .containsExactly(Map.of("id", 1, "name", "a"), Map.of("id", 3, "name", "c"));
    }

    @Test
    void failsAtTheFirstBadRowWhenAskedToNamingFileAndLineAndWritesNothing() throws IOException {
        Path in = write("f.csv", "a,b\n1,2\n3\n");
        Path out = dir.resolve("f.parquet");
        assertThatThrownBy(() ->
                        CsvConversion.builder().onError(OnError.FAIL).build().convert(in, out))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining(in.toString())
                .hasMessageContaining("line 3")
                .hasMessageContaining("expected 2 fields, found 1");
        assertThat(out).doesNotExist();
        assertThat(Files.list(dir)).containsExactly(in);
    }

    @Test
    void failsWhenTooManyRowsAreRejectedButKeepsTheRejects() throws IOException {
        Path in = write("m.csv", "a,b\n1,2\n3\n4\n5,6\n");
        Path rejects = dir.resolve("m.rejects.csv");
        assertThatThrownBy(() -> CsvConversion.builder()
                        .rejects(rejects)
                        .maxRejectRatio(0.25)
                        .build()
                        .convert(in, dir.resolve("m.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("2 of 4 rows rejected (50.0%), more than the allowed 25.0%")
                .hasMessageContaining("line 3");
        assertThat(dir.resolve("m.parquet")).doesNotExist();
        assertThat(Files.readAllLines(rejects)).hasSize(3);
    }

    @Test
    void aHeaderOnlyFileBecomesAValidEmptyParquetFile() throws IOException {
        Path out = dir.resolve("h.parquet");
        ConversionReport report = CsvConversion.builder().build().convert(write("h.csv", "First Name,Age\n"), out);
        assertThat(report.rowsRead()).isZero();
        assertThat(count(out)).isZero();
        assertThat(DuckDb.types(out)).containsEntry("first_name", "VARCHAR").containsEntry("age", "VARCHAR");
    }

    @Test
    void anEmptyFileIsAClearError() throws IOException {
        Path in = write("empty.csv", "");
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(in, dir.resolve("e.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining(in.toString())
                .hasMessageContaining("empty (0 bytes)");
    }

    @Test
    void aFileOfBlankLinesIsAClearError() throws IOException {
        Path in = write("blank.csv", "\n\r\n\n");
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(in, dir.resolve("b.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("no records");
    }

    @Test
    void aBinaryFileIsRefusedAfterItsFirstBytes() throws IOException {
        byte[] bytes = new byte[3_000_000];
        new java.util.Random(1).nextBytes(bytes);
        Path in = Files.write(dir.resolve("photo.csv"), bytes);
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(in, dir.resolve("p.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining(in.toString())
                .hasMessageContaining("binary");
    }

    @Test
    void twoThousandColumnsConvert() throws IOException {
        Path in = dir.resolve("wide.csv");
        try (Writer w = Files.newBufferedWriter(in)) {
            for (int c = 0; c < 2000; c++) {
                w.write((c == 0 ? "" : ",") + "Column " + c);
            }
            w.write("\n");
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 2000; c++) {
                    w.write((c == 0 ? "" : ",") + (r * 2000 + c));
                }
                w.write("\n");
            }
        }
        Path out = dir.resolve("wide.parquet");
        ConversionReport report = CsvConversion.builder().build().convert(in, out);
        assertThat(report.schema().size()).isEqualTo(2000);
        assertThat(DuckDb.types(out)).hasSize(2003).containsEntry("column_1999", "INTEGER");
        assertThat(DuckDb.rows(out, "CAST(sum(column_1999) AS BIGINT) AS s")
                        .get(0)
                        .get("s"))
                .isEqualTo(1999L + 3999 + 5999);
    }

    @Test
    void aTenMegabyteFieldConverts() throws IOException {
        String big = "x".repeat(10 << 20);
        Path in = write("big.csv", "id,text\n1,\"" + big + "\"\n2,small\n");
        Path out = dir.resolve("big.parquet");
        ConversionReport report = CsvConversion.builder().build().convert(in, out);
        assertThat(report.rowsWritten()).isEqualTo(2);
        assertThat(DuckDb.rows(out, "id, length(text) AS n"))
                .containsExactly(Map.of("id", 1, "n", (long) big.length()), Map.of("id", 2, "n", 5L));
    }

    @Test
    void undecodableTextIsRejectedWithItsRawBytesKept() throws IOException {
        byte[] bytes = "name,n\nJosé,1\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'b', (byte) 0xFF, 'd', ',', '2', '\n'};
        Path in = dir.resolve("bad.csv");
        Files.write(in, concat(bytes, bad));
        Path rejects = dir.resolve("bad.rejects.csv");
        ConversionReport report = CsvConversion.builder()
                .rejects(rejects)
                .maxRejectRatio(1)
                .build()
                .convert(in, dir.resolve("bad.parquet"));
        assertThat(report.rowsRejected()).isEqualTo(1);
        assertThat(report.rejectSamples().get(0))
                .isEqualTo(new RejectedRow(3, "name", "the value is not valid UTF-8 text"));
        byte[] kept = Files.readAllBytes(rejects);
        assertThat(indexOf(kept, bad, 3)).isPositive();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int length) {
        outer:
        for (int i = 0; i + length <= haystack.length; i++) {
            for (int j = 0; j < length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aValueLateInTheFileWidensTheTypeAsIfEveryRowHadBeenTypedFirst() throws IOException {
        StringBuilder csv = new StringBuilder("n,code\n");
        for (int i = 0; i < 30_000; i++) {
            csv.append(i).append(',').append(i % 100).append('\n');
        }
        csv.append("2.5,007\n");
        Path out = dir.resolve("late.parquet");
        ConversionReport report = CsvConversion.builder().build().convert(write("late.csv", csv.toString()), out);
        assertThat(report.schema().columns())
                .extracting(Column::type)
                .containsExactly(ColumnType.decimal(6, 1), ColumnType.STRING);
        assertThat(report.rowsWritten()).isEqualTo(30_001);
        assertThat(DuckDb.rows(out, "CAST(n AS VARCHAR) AS n, code", "code = '007'"))
                .containsExactly(Map.of("n", "2.5", "code", "007"));
        assertThat(DuckDb.rows(out, "CAST(n AS VARCHAR) AS n, code", "n = 29999"))
                .containsExactly(Map.of("n", "29999.0", "code", "99"));
    }

    @Test
    void aGivenSchemaRejectsValuesThatDoNotFitWithTheReason() throws IOException {
        Schema schema = Schema.of(
                new Column("id", "id", ColumnType.INT),
                new Column("price", "price", ColumnType.decimal(5, 2)),
                new Column("day", "day", ColumnType.DATE, DateOrder.DAY_FIRST));
        Path in = write(
                "s.csv", "id,price,day\n1,9.99,31/01/2024\nx,1.00,01/01/2024\n3,1.234,01/01/2024\n4,2,30/02/2024\n");
        ConversionReport report =
                CsvConversion.builder().schema(schema).maxRejectRatio(1).build().convert(in, dir.resolve("s.parquet"));
        assertThat(report.rowsWritten()).isEqualTo(1);
        assertThat(report.rejectSamples())
                .containsExactly(
                        new RejectedRow(3, "id", "'x' is not an INT"),
                        new RejectedRow(
                                4,
                                "price",
                                "'1.234' has 3 decimal places; DECIMAL(5,2) keeps 2 and values are never rounded"),
                        new RejectedRow(5, "day", "'30/02/2024' is not a valid dd/MM/yyyy date"));
        assertThat(DuckDb.rows(
                        dir.resolve("s.parquet"), "id, CAST(price AS VARCHAR) AS price, CAST(day AS VARCHAR) AS day"))
                .containsExactly(Map.of("id", 1, "price", "9.99", "day", "2024-01-31"));
    }

    @Test
    void oneSchemaForABatchThenEachFileWithIt() throws IOException {
        Path a = write("a.csv", "id,amount\n1,10\n2,20\n");
        Path b = write("b.csv", "amount,id,note\n2.50,3,hi\n,4,\n");
        CsvConversion conversion = CsvConversion.builder().build();
        Schema schema = conversion.inferSchema(List.of(a, b));
        assertThat(schema.columns())
                .extracting(Column::name, Column::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("id", ColumnType.INT),
                        org.assertj.core.groups.Tuple.tuple("amount", ColumnType.decimal(4, 2)),
                        org.assertj.core.groups.Tuple.tuple("note", ColumnType.STRING));
        CsvConversion withSchema = CsvConversion.builder().schema(schema).build();
        withSchema.convert(a, dir.resolve("a.parquet"));
        withSchema.convert(b, dir.resolve("b.parquet"));
        assertThat(DuckDb.query("SELECT id, CAST(amount AS VARCHAR) AS amount, note FROM read_parquet(['"
                        + DuckDb.sqlPath(dir.resolve("a.parquet")) + "', '" + DuckDb.sqlPath(dir.resolve("b.parquet"))
                        + "']) ORDER BY id"))
                .extracting(r -> r.get("id") + "/" + r.get("amount") + "/" + r.get("note"))
                .containsExactly("1/10.00/null", "2/20.00/null", "3/2.50/hi", "4/null/null");
        assertThat(Schema.fromJson(schema.toJson())).isEqualTo(schema);
    }

    @Test
    void repeatedHeaderNamesKeepTheirOwnColumnsWithAGivenSchema() throws IOException {
        Path in = write("dup.csv", "a,a,b\n1,x,2\n");
        CsvConversion conversion = CsvConversion.builder().build();
        Schema schema = conversion.inferSchema(List.of(in));
        assertThat(schema.names()).containsExactly("a", "a_2", "b");
        Path out = dir.resolve("dup.parquet");
        CsvConversion.builder().schema(schema).build().convert(in, out);
        assertThat(DuckDb.rows(out, "a, a_2, b")).containsExactly(Map.of("a", 1, "a_2", "x", "b", 2));
    }

    @Test
    void aRejectsFileExistsOnlyWhenRowsWereRejected() throws IOException {
        Path rejects = Files.writeString(dir.resolve("old.rejects.csv"), "stale from an earlier run");
        ConversionReport report = CsvConversion.builder()
                .rejects(rejects)
                .build()
                .convert(write("clean.csv", "a\n1\n"), dir.resolve("clean.parquet"));
        assertThat(report.rowsRejected()).isZero();
        assertThat(rejects).doesNotExist();
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("clean.csv", "clean.parquet");
    }

    @Test
    void anUnterminatedQuoteThatSwallowsTheFileIsAnErrorNamingItsLine() throws IOException {
        Path in = write("open.csv", "a,b\n1,2\n3,\"never closed\n" + "x,y\n".repeat(1000));
        assertThatThrownBy(() ->
                        CsvConversion.builder().maxRecordBytes(2048).build().convert(in, dir.resolve("open.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessage(
                        in + ": line 3: the record starting here is longer than 2048 bytes (an unterminated quote?)");
    }

    @Test
    void noHadoopClassIsNeeded() {
        assertThatThrownBy(() -> Class.forName("org.apache.hadoop.conf.Configuration"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
