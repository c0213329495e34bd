package dev.sluice.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.processor.Compression;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.Corpora;
import dev.sluice.processor.DuckDb;
import dev.sluice.processor.OnError;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file cut into byte ranges converted by several threads gives the file one thread gives:
 * the same rows (DuckDB {@code EXCEPT ALL} both ways), schema, column statistics, report and
 * failures; a cut inside a quoted field is caught and the file read on one thread.
 */
class RangedPassTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    @Test
    void aMixedFileCutIntoManyRangesGivesTheOneThreadFile() throws IOException {
        Path csv = dir.resolve("mixed.csv");
        writeMixed(csv, 60_000, false);

        Conversions c = convertBoth(csv, 256 << 10, OnError.REJECT);

        assertSameOutput(c);
        // the file really was cut: its row groups end at the ranges
        assertThat(rowGroups(c.ranged())).isGreaterThan(rowGroups(c.single()) + 4);
        assertThat(c.rangedReport().ranges()).isGreaterThan(4);
        assertThat(c.rangedReport().oneThread()).isEmpty();
        assertThat(c.singleReport().ranges()).isEqualTo(1);
        assertThat(c.singleReport().oneThread()).as("one thread was asked for").isEmpty();
        assertThat(c.rangedReport().rowsRejected()).isEqualTo(3);
        assertThat(c.rangedReport().rejectSamples())
                .isEqualTo(c.singleReport().rejectSamples())
                .extracting(r -> r.line())
                .allSatisfy(line -> assertThat(line).isGreaterThan(1000));
    }

    @Test
    void aValuePastTheSampleThatDoesNotFitWidensItsColumnAsOnOneThread() throws IOException {
        Path csv = dir.resolve("widen.csv");
        writeMixed(csv, 60_000, true);

        Conversions c = convertBoth(csv, 256 << 10, OnError.REJECT);

        assertSameOutput(c);
        assertThat(DuckDb.types(c.ranged())).containsEntry("quantity", "DECIMAL(3,1)");
        assertThat(rowGroups(c.ranged())).isGreaterThan(rowGroups(c.single()) + 4);
    }

    @Test
    void theRejectedRowsOfEveryRangeGoIntoOneRejectsFileInTheOrderOfTheFile() throws IOException {
        for (boolean widen : List.of(false, true)) {
            Path csv = dir.resolve("rejects-" + widen + ".csv");
            writeMixed(csv, 60_000, widen);
            Path oneRejects = dir.resolve("one-" + widen + ".rejects.csv");
            Path manyRejects = dir.resolve("many-" + widen + ".rejects.csv");
            Path one = dir.resolve("one-" + widen + ".parquet");
            Path many = dir.resolve("many-" + widen + ".parquet");

            ConversionReport single = Engine.convert(csv, one, settings(1, OnError.REJECT, Optional.of(oneRejects)));
            ConversionReport ranged = new FileConversion(
                            csv, many, settings(3, OnError.REJECT, Optional.of(manyRejects)), 256 << 10)
                    .run();

            assertSameOutput(new Conversions(one, many, single, ranged));
            assertThat(rowGroups(many)).isGreaterThan(rowGroups(one) + 4);
            assertThat(ranged.rowsRejected()).isEqualTo(3);
            // line numbers of the whole file, raw records as read, in the file's order; once each
            // even when the ranges were written twice (widen)
            assertThat(Files.readString(manyRejects)).isEqualTo(Files.readString(oneRejects));
            assertThat(Files.readAllLines(manyRejects)).hasSize(4);
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".range-"));
        }
    }

    @Test
    void aFailureInALaterRangeNamesItsLineInTheWholeFile() throws IOException {
        Path csv = dir.resolve("fail.csv");
        writeMixed(csv, 60_000, false);
        String single = failure(csv, 1);
        String ranged = failure(csv, 2);

        // the row of line 20001 in the generator's count of rows; line breaks in quotes move it
        assertThat(single).matches(".*fail\\.csv: line 2\\d{4}: expected 10 fields, found 11");
        assertThat(ranged).isEqualTo(single);
    }

    @Test
    void cutsInsideQuotedLineBreaksAreCaughtAndTheFileIsReadOnOneThread() throws IOException {
        Path csv = dir.resolve("multiline.csv");
        StringBuilder s = new StringBuilder("id,text\n");
        for (int i = 0; i < 20_000; i++) {
            // most line feeds are inside quotes, so most cuts land inside a field
            s.append(i).append(",\"first line\nsecond line ").append(i).append("\nthird\n\"\n");
        }
        Files.writeString(csv, s, StandardCharsets.UTF_8);

        Conversions c = convertBoth(csv, 16 << 10, OnError.REJECT);

        assertSameOutput(c);
        assertThat(rowGroups(c.ranged())).isEqualTo(rowGroups(c.single()));
        assertThat(c.rangedReport().ranges()).isEqualTo(1);
        assertThat(c.rangedReport().oneThread())
                .isEqualTo("a cut fell inside a quoted field, so the ranges could not be proven to start records");
    }

    @Test
    void thePublicCorporaCutIntoTinyRangesGiveTheOneThreadFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String suite : List.of("csv-spectrum/csvs", "commons-csv-fileparser/CSVFileParser")) {
            try (Stream<Path> list = Files.list(Corpora.resolve(suite))) {
                list.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".txt"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(20);
        int converted = 0;
        for (Path csv : files) {
            Conversions c;
            try {
                c = convertBoth(csv, 8, OnError.REJECT);
            } catch (ConversionException e) {
                // the file is refused on one thread too: the same refusal with ranges
                assertThat(failureOf(csv, 2, OnError.REJECT, 8))
                        .as(csv.toString())
                        .isEqualTo(e.getMessage());
                continue;
            }
            assertSameOutput(c);
            converted++;
        }
        assertThat(converted).isGreaterThan(15);
    }

    private record Conversions(
            Path single, Path ranged, ConversionReport singleReport, ConversionReport rangedReport) {}

    private Conversions convertBoth(Path csv, long minRange, OnError onError) {
        String name = csv.getFileName().toString();
        Path one = dir.resolve(name + ".1.parquet");
        Path many = dir.resolve(name + ".n.parquet");
        ConversionReport single = Engine.convert(csv, one, settings(1, onError));
        ConversionReport ranged = convertRanged(csv, many, minRange, onError);
        return new Conversions(one, many, single, ranged);
    }

    private ConversionReport convertRanged(Path csv, Path out, long minRange, OnError onError) {
        try {
            return new FileConversion(csv, out, settings(3, onError), minRange).run();
        } catch (dev.sluice.processor.internal.csv.MalformedCsvException e) {
            throw new ConversionException(Engine.where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        }
    }

    private String failure(Path csv, int threads) {
        return failureOf(csv, threads, OnError.FAIL, 64 << 10);
    }

    private String failureOf(Path csv, int threads, OnError onError, long minRange) {
        Path out = dir.resolve("failed-" + threads + ".parquet");
        try {
            if (threads == 1) {
                Engine.convert(csv, out, settings(1, onError));
            } else {
                convertRanged(csv, out, minRange, onError);
            }
        } catch (ConversionException e) {
            return e.getMessage();
        }
        throw new AssertionError(csv + " converted with " + threads + " threads, expected a failure");
    }

    private static void assertSameOutput(Conversions c) {
        String a = sqlPath(c.single());
        String b = sqlPath(c.ranged());
        assertThat(DuckDb.types(c.ranged())).isEqualTo(DuckDb.types(c.single()));
        assertThat(count("SELECT * FROM '" + a + "' EXCEPT ALL SELECT * FROM '" + b + "'"))
                .isZero();
        assertThat(count("SELECT * FROM '" + b + "' EXCEPT ALL SELECT * FROM '" + a + "'"))
                .isZero();
        assertThat(count("SELECT * FROM '" + b + "'"))
                .isEqualTo(c.singleReport().rowsWritten());
        assertThat(statistics(c.ranged())).isEqualTo(statistics(c.single()));
        assertThat(DuckDb.keyValueMetadata(c.ranged())).isEqualTo(DuckDb.keyValueMetadata(c.single()));
        ConversionReport one = c.singleReport();
        ConversionReport many = c.rangedReport();
        assertThat(many.schema()).isEqualTo(one.schema());
        assertThat(List.of(many.rowsRead(), many.rowsWritten(), many.rowsRejected()))
                .isEqualTo(List.of(one.rowsRead(), one.rowsWritten(), one.rowsRejected()));
        assertThat(many.rejectSamples()).isEqualTo(one.rejectSamples());
    }

    /** Per column: min and max over the row groups (as the column's type), null and value counts. */
    private static List<Map<String, Object>> statistics(Path parquet) {
        String p = sqlPath(parquet);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map.Entry<String, String> column : DuckDb.types(parquet).entrySet()) {
            String name = column.getKey().replace("'", "''");
            String type = column.getValue();
            result.addAll(DuckDb.query("SELECT '" + name + "' AS c, min(TRY_CAST(stats_min_value AS " + type
                    + ")) AS lo, max(TRY_CAST(stats_max_value AS " + type + ")) AS hi, sum(stats_null_count) AS nulls,"
                    + " sum(num_values) AS n, count(stats_min_value) > 0 AS has_statistics"
                    + " FROM parquet_metadata('" + p + "') WHERE path_in_schema = '" + name + "'"));
        }
        return result;
    }

    private static String sqlPath(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }

    private static long count(String sql) {
        return ((Number) DuckDb.query("SELECT count(*) AS n FROM (" + sql + ")")
                        .get(0)
                        .get("n"))
                .longValue();
    }

    private static long rowGroups(Path parquet) {
        return count("SELECT DISTINCT row_group_id FROM parquet_metadata('" + sqlPath(parquet) + "')");
    }

    /**
     * Ids, names, money, quantities, booleans, timestamps, dates, categories, doubles with empties,
     * free text with quoted commas, doubled quotes and line breaks; three rows with a field too
     * many, the first in row 20000. With {@code widen}, one quantity past the sample is a decimal.
     */
    private static void writeMixed(Path csv, int rows, boolean widen) throws IOException {
        SplittableRandom r = new SplittableRandom(17);
        String[] names = {"Ada", "Grace", "Linus", "Émilie", "Ken", "Barbara"};
        String[] categories = {"books", "garden", "toys", "food"};
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name,amount,quantity,paid,created,day,category,score,comment\n");
            for (int i = 1; i <= rows; i++) {
                int line = i + 1;
                w.write(Integer.toString(i));
                w.write(',');
                w.write(names[r.nextInt(names.length)]);
                w.write(',');
                w.write(r.nextInt(100_000) + "." + (10 + r.nextInt(90)));
                w.write(',');
                w.write(widen && i == 50_000 ? "2.5" : Integer.toString(r.nextInt(50)));
                w.write(',');
                w.write(r.nextBoolean() ? "true" : "false");
                w.write(',');
                w.write(String.format(
                        "2024-%02d-%02dT%02d:%02d:%02dZ",
                        1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60)));
                w.write(',');
                w.write(String.format("2023-%02d-%02d", 1 + r.nextInt(12), 1 + r.nextInt(28)));
                w.write(',');
                w.write(categories[r.nextInt(categories.length)]);
                w.write(',');
                w.write(r.nextInt(10) == 0 ? "" : Double.toString(r.nextDouble() * 1000));
                w.write(',');
                int kind = r.nextInt(10);
                if (kind == 0) {
                    w.write("\"said \"\"hello\"\", twice\"");
                } else if (kind == 1) {
                    w.write("\"two\nlines, " + i + "\"");
                } else {
                    w.write("plain text " + r.nextInt(1000));
                }
                if (line == 20_001 || line == 40_001 || line == 55_001) {
                    w.write(",extra");
                }
                w.write('\n');
            }
        }
    }

    private static Settings settings(int threads, OnError onError) {
        return settings(threads, onError, Optional.empty());
    }

    private static Settings settings(int threads, OnError onError, Optional<Path> rejects) {
        return new Settings(
                Optional.empty(),
                "ranged-test",
                Optional.of(AT),
                rejects,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Settings.DEFAULT_NULL_TOKENS,
                onError,
                1.0,
                Compression.SNAPPY,
                64L << 20,
                1 << 20,
                128 << 20,
                dev.sluice.processor.CsvConversion.DEFAULT_MAX_COLUMNS,
                Optional.empty(),
                threads,
                (phase, done, total) -> {});
    }
}
