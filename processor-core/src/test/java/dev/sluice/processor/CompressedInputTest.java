package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * gzip, zstd and bzip2 files, written here by the libraries and by the command-line tools, read
 * end to end and checked with DuckDB; truncated and damaged ones fail naming file and offset.
 */
class CompressedInputTest {

    /** More rows than the sample, and a column that turns to text after it: two write passes. */
    private static final int ROWS = 30_000;

    @TempDir
    Path dir;

    private static byte[] csv() {
        StringBuilder b = new StringBuilder("id,name,code\n");
        for (int i = 1; i <= ROWS; i++) {
            b.append(i).append(",name ").append(i % 97).append(',');
            b.append(i == ROWS ? "X-last" : Integer.toString(i * 7)).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] compress(SourceCompression format, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = switch (format) {
            case GZIP -> new GZIPOutputStream(out);
            case ZSTD -> new ZstdOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case NONE -> out;
        }) {
            o.write(data);
        }
        return out.toByteArray();
    }

    private static String suffix(SourceCompression format) {
        return switch (format) {
            case GZIP -> ".csv.gz";
            case ZSTD -> ".csv.zst";
            case BZIP2 -> ".csv.bz2";
            case NONE -> ".csv";
        };
    }

    private static long count(Path parquet) {
        return ((Number) DuckDb.rows(parquet, "count(*) AS n").get(0).get("n")).longValue();
    }

    @ParameterizedTest
    @EnumSource(value = SourceCompression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void convertsACompressedFileDecompressingItAgainForTheSecondPass(SourceCompression format) throws IOException {
        byte[] plain = csv();
        Path in = Files.write(dir.resolve("orders" + suffix(format)), compress(format, plain));
        Path out = dir.resolve("orders.parquet");

        ConversionReport report = CsvConversion.builder()
                .sourceUri("s3://in/orders" + suffix(format))
                .build()
                .convert(in, out);

        assertThat(report.rowsRead()).isEqualTo(ROWS);
        assertThat(report.rowsWritten()).isEqualTo(ROWS);
        assertThat(report.sourceCompression()).isEqualTo(format);
        assertThat(report.bytesRead()).isEqualTo(Files.size(in)).isLessThan(plain.length);
        assertThat(report.uncompressedBytes()).isEqualTo(plain.length);
        assertThat(report.megabytesPerSecond())
                .isEqualTo(
                        plain.length / 1e6 / (report.duration().toNanos() / 1e9),
                        org.assertj.core.data.Offset.offset(0.01));
        assertThat(report.summary()).contains(format.label()).contains("of CSV");
        assertThat(report.toJson())
                .contains("\"sourceCompression\": \"" + format.label() + "\"")
                .contains("\"uncompressedBytes\": " + plain.length);
        // the last value is text, found only on reading the whole file: the second pass wrote it
        assertThat(DuckDb.types(out)).containsEntry("code", "VARCHAR");
        assertThat(count(out)).isEqualTo(ROWS);
        assertThat(DuckDb.rows(out, "id, name, code, source_file", "id IN (1, " + ROWS + ")"))
                .containsExactly(
                        Map.of(
                                "id",
                                1,
                                "name",
                                "name 1",
                                "code",
                                "7",
                                "source_file",
                                "s3://in/orders" + suffix(format)),
                        Map.of(
                                "id",
                                ROWS,
                                "name",
                                "name " + ROWS % 97,
                                "code",
                                "X-last",
                                "source_file",
                                "s3://in/orders" + suffix(format)));
    }

    @Test
    void readsWhatTheGzipZstdAndBzip2CommandLineToolsWrite() throws Exception {
        byte[] plain = csv();
        Path source = Files.write(dir.resolve("tool.csv"), plain);
        List<String[]> tools = new ArrayList<>();
        tools.add(new String[] {"gzip", "-c", "-9"});
        tools.add(new String[] {"zstd", "-c", "-q", "-19"});
        tools.add(new String[] {"bzip2", "-c"});
        int ran = 0;
        for (String[] tool : tools) {
            Path compressed = dir.resolve("tool-" + tool[0] + ".csv.out");
            if (!run(tool, source, compressed)) {
                // gzip is on every machine Sluice builds on; zstd and bzip2 usually are
                assumeTrue(!tool[0].equals("gzip"), "gzip is missing");
                continue;
            }
            ran++;
            Path out = dir.resolve("tool-" + tool[0] + ".parquet");
            ConversionReport report = CsvConversion.builder().build().convert(compressed, out);
            assertThat(report.sourceCompression().label()).isEqualTo(tool[0]);
            assertThat(report.uncompressedBytes()).isEqualTo(plain.length);
            assertThat(count(out)).isEqualTo(ROWS);
        }
        assertThat(ran).isPositive();
    }

    private static boolean run(String[] command, Path input, Path output) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectInput(input.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return false;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command[0]).isTrue();
        return p.exitValue() == 0;
    }

    @Test
    void detectsTheFormatByItsBytesWhateverTheFileIsCalled() throws IOException {
        byte[] plain = "a,b\n1,x\n2,y\n".getBytes(StandardCharsets.UTF_8);
        Path gzipCalledCsv = Files.write(dir.resolve("really-gzip.csv"), compress(SourceCompression.GZIP, plain));
        Path zstdCalledGz = Files.write(dir.resolve("really-zstd.csv.gz"), compress(SourceCompression.ZSTD, plain));
        Path plainCalledBz2 = Files.write(dir.resolve("really-plain.csv.bz2"), plain);

        ConversionReport gzip = CsvConversion.builder().build().convert(gzipCalledCsv, dir.resolve("1.parquet"));
        ConversionReport zstd = CsvConversion.builder().build().convert(zstdCalledGz, dir.resolve("2.parquet"));
        ConversionReport none = CsvConversion.builder().build().convert(plainCalledBz2, dir.resolve("3.parquet"));

        assertThat(gzip.sourceCompression()).isEqualTo(SourceCompression.GZIP);
        assertThat(zstd.sourceCompression()).isEqualTo(SourceCompression.ZSTD);
        assertThat(none.sourceCompression()).isEqualTo(SourceCompression.NONE);
        assertThat(none.uncompressedBytes()).isEqualTo(none.bytesRead()).isEqualTo(plain.length);
        assertThat(none.summary()).doesNotContain("of CSV");
        for (String f : List.of("1", "2", "3")) {
            assertThat(DuckDb.rows(dir.resolve(f + ".parquet"), "a, b"))
                    .containsExactly(Map.of("a", 1, "b", "x"), Map.of("a", 2, "b", "y"));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SourceCompression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aTruncatedFileFailsNamingTheFileAndWhereItEnds(SourceCompression format) throws IOException {
        byte[] whole = compress(format, csv());
        byte[] half = Arrays.copyOf(whole, whole.length / 2);
        Path in = Files.write(dir.resolve("cut" + suffix(format)), half);
        Path out = dir.resolve("cut.parquet");

        assertThatThrownBy(() -> CsvConversion.builder().build().convert(in, out))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith(in.toString() + ": ")
                .hasMessageContaining("the " + format.label() + " data is truncated (or damaged)")
                .hasMessageContaining("the file ends at compressed byte " + half.length);
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = SourceCompression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void aDamagedFileFailsNamingTheFileAndTheCompressedOffset(SourceCompression format) throws IOException {
        byte[] data = compress(format, csv());
        int at = data.length / 2;
        for (int i = at; i < at + 64; i++) {
            data[i] ^= 0x5A;
        }
        Path in = Files.write(dir.resolve("damaged" + suffix(format)), data);

        assertThatThrownBy(() -> CsvConversion.builder().build().convert(in, dir.resolve("damaged.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageStartingWith(in.toString() + ": ")
                .hasMessageMatching(
                        format == SourceCompression.BZIP2
                                // one bzip2 block is the whole file: its damage reads on to the file's end
                                ? "(?s).*the bzip2 data is truncated \\(or damaged\\): the file ends at compressed byte "
                                        + data.length + ", after 0 decompressed bytes.*"
                                : "(?s).*the " + format.label()
                                        + " data is corrupt (at|at or before) compressed byte \\d+ of " + data.length
                                        + ", after \\d+ decompressed bytes.*");
    }

    @Test
    void theGzipOffsetOfDamageIsExact() throws IOException {
        byte[] plain = csv();
        byte[] good = compress(SourceCompression.GZIP, plain);
        // a second member whose deflate data is garbage from its first byte on
        byte[] second = compress(SourceCompression.GZIP, plain);
        for (int i = 10; i < second.length; i++) {
            second[i] = (byte) 0xFF;
        }
        byte[] both = Arrays.copyOf(good, good.length + second.length);
        System.arraycopy(second, 0, both, good.length, second.length);
        Path in = Files.write(dir.resolve("two-members.csv.gz"), both);

        assertThatThrownBy(() -> CsvConversion.builder().build().inspect(in))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("the gzip data is corrupt at compressed byte " + (good.length + 11) + " of "
                        + both.length + ", after " + plain.length + " decompressed bytes");
    }

    @Test
    void findsTheCharsetOfTheDecompressedText() throws IOException {
        String text = "name,city\nZoë,Zürich\nJosé,São Paulo\n";
        byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
        byte[] cp1252 = text.getBytes(java.nio.charset.Charset.forName("windows-1252"));
        Path gzip = Files.write(dir.resolve("utf16.csv.gz"), compress(SourceCompression.GZIP, utf16));
        Path zstd = Files.write(dir.resolve("cp1252.csv.zst"), compress(SourceCompression.ZSTD, cp1252));

        ConversionReport fromGzip = CsvConversion.builder().build().convert(gzip, dir.resolve("u.parquet"));
        ConversionReport fromZstd = CsvConversion.builder().build().convert(zstd, dir.resolve("c.parquet"));

        assertThat(fromGzip.dialect().charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(fromGzip.dialect().bom()).isTrue();
        assertThat(fromGzip.uncompressedBytes()).isEqualTo(utf16.length);
        assertThat(fromZstd.dialect().charset().name()).isEqualTo("windows-1252");
        for (String f : List.of("u", "c")) {
            assertThat(DuckDb.rows(dir.resolve(f + ".parquet"), "name, city"))
                    .containsExactly(
                            Map.of("name", "Zoë", "city", "Zürich"), Map.of("name", "José", "city", "São Paulo"));
        }
    }

    @Test
    void readsConcatenatedGzipMembersAsOneFile() throws IOException {
        byte[] head = "id,v\n1,a\n".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "2,b\n3,c\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(compress(SourceCompression.GZIP, head));
        both.write(compress(SourceCompression.GZIP, tail));
        Path in = Files.write(dir.resolve("members.csv.gz"), both.toByteArray());

        ConversionReport report = CsvConversion.builder().build().convert(in, dir.resolve("m.parquet"));

        assertThat(report.rowsWritten()).isEqualTo(3);
        assertThat(report.uncompressedBytes()).isEqualTo(head.length + tail.length);
    }

    @Test
    void inspectsACompressedFileSniffingTheDecompressedText() throws IOException {
        byte[] plain = "id;amount;day\n1;2,50;2024-01-02\n2;3,75;2024-01-03\n".getBytes(StandardCharsets.UTF_8);
        Path in = Files.write(dir.resolve("semi.csv.bz2"), compress(SourceCompression.BZIP2, plain));

        Inspection inspection = CsvConversion.builder().build().inspect(in);

        assertThat(inspection.dialect().delimiter()).isEqualTo(';');
        assertThat(inspection.rows()).isEqualTo(2);
        assertThat(inspection.schema().columns()).extracting(Column::name).containsExactly("id", "amount", "day");
    }

    @Test
    void refusesAnEmptyCompressedFileAndArchivesInsideOne() throws IOException {
        Path empty = Files.write(dir.resolve("empty.csv.gz"), compress(SourceCompression.GZIP, new byte[0]));
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(empty, dir.resolve("e.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining(empty.toString())
                .hasMessageContaining("gzip-compressed and holds nothing");
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        Path zipInGzip = Files.write(dir.resolve("zip.csv.gz"), compress(SourceCompression.GZIP, zip));
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(zipInGzip, dir.resolve("z.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessageContaining("gzip-compressed; inside is a ZIP archive");
    }
}
