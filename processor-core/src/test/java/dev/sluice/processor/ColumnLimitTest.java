package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a file may take: a column limit checked on the first record, and memory per column that
 * does not grow with the header's width.
 */
class ColumnLimitTest {

    @TempDir
    Path dir;

    /** The file that ran a 6 GB heap out: 250,000 columns of short values, 2.9 MB. */
    private Path quarterMillionColumns() throws IOException {
        Path csv = dir.resolve("wide.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (int row = 0; row < 5; row++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < 250_000; c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    line.append(row == 0 ? "h" + (c % 100) : Integer.toString(c % 10));
                }
                w.write(line.append('\n').toString());
            }
        }
        return csv;
    }

    private static Path table(Path dir, String name, int columns, int rows) throws IOException {
        Path csv = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            for (int row = 0; row <= rows; row++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < columns; c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    line.append(row == 0 ? "c" + c : Integer.toString(row * columns + c));
                }
                w.write(line.append('\n').toString());
            }
        }
        return csv;
    }

    @Test
    void aQuarterMillionColumnsAreRefusedFastNamingTheFileTheLimitAndTheCount() throws IOException {
        Path csv = quarterMillionColumns();
        assertThat(Files.size(csv)).isGreaterThan(2_900_000);
        long started = System.nanoTime();
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(csv, dir.resolve("wide.parquet")))
                .isInstanceOf(ConversionException.class)
                .hasMessage(csv + ": line 1: the header has 250,000 columns, more than the limit of 4,096 columns"
                        + " (maxColumns; --max-columns on the command line)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(dir.resolve("wide.parquet")).doesNotExist();
    }

    @Test
    void inspectAndBatchInferenceRefuseItToo() throws IOException {
        Path csv = quarterMillionColumns();
        CsvConversion conversion = CsvConversion.builder().build();
        assertThatThrownBy(() -> conversion.inspect(csv)).hasMessageContaining("250,000 columns");
        assertThatThrownBy(() -> conversion.inferSchema(java.util.List.of(csv)))
                .hasMessageContaining("more than the limit of 4,096");
    }

    @Test
    void aHeaderlessFileNamesItsFirstRecord() throws IOException {
        Path csv = Files.writeString(dir.resolve("n.csv"), "1,2,3,4,5\n6,7,8,9,10\n");
        assertThatThrownBy(() -> CsvConversion.builder()
                        .header(false)
                        .maxColumns(3)
                        .build()
                        .convert(csv, dir.resolve("n.parquet")))
                .hasMessageContaining("the first record has 5 columns, more than the limit of 3 columns");
    }

    @Test
    void theLimitCanBeRaised() throws IOException {
        Path csv = table(dir, "t.csv", 5_000, 3);
        assertThatThrownBy(() -> CsvConversion.builder().build().convert(csv, dir.resolve("t.parquet")))
                .hasMessageContaining("5,000 columns");
        ConversionReport report =
                CsvConversion.builder().maxColumns(5_000).build().convert(csv, dir.resolve("t.parquet"));
        assertThat(report.schema().size()).isEqualTo(5_000);
        assertThat(DuckDb.rows(dir.resolve("t.parquet"), "count(*) AS n, sum(c4999) AS s"))
                .singleElement()
                .satisfies(row -> {
                    assertThat(((Number) row.get("n")).longValue()).isEqualTo(3);
                    assertThat(((Number) row.get("s")).longValue()).isEqualTo(3 * 4_999 + 5_000 * 6);
                });
    }

    @Test
    void aDataRowWiderThanTheLimitIsOneRejectedRowNotAFailedFile() throws IOException {
        String wide = "9,".repeat(9_999) + "9";
        Path csv =
                Files.writeString(dir.resolve("r.csv"), "a,b\n1,2\n" + wide + "\n3,4\n4,5\n5,6\n6,7\n7,8\n8,9\n9,0\n");
        ConversionReport report =
                CsvConversion.builder().maxRejectRatio(0.5).build().convert(csv, dir.resolve("r.parquet"));
        assertThat(report.rowsWritten()).isEqualTo(8);
        assertThat(report.rejectSamples())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("expected 2 fields, found 10000"));
    }

    /**
     * Allocation of the converting thread, a bound on what the conversion can hold: before the
     * batch rows adapted to the column count it was 142 KB per column (a 4,096-row batch of 36 KB
     * per column, 64 KB PLAIN buffers, 4 KB of page levels, a 16 KB id slab per dictionary), now
     * about 21 KB.
     */
    @Test
    void fourThousandColumnsTakeLittleMemoryPerColumn() throws IOException {
        Path csv = table(dir, "m.csv", 4_000, 3);
        CsvConversion conversion = CsvConversion.builder().build();
        conversion.convert(csv, dir.resolve("warm.parquet"));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        conversion.convert(csv, dir.resolve("m.parquet"));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated / 4_000).as("bytes allocated per column").isLessThan(40_000);
    }
}
