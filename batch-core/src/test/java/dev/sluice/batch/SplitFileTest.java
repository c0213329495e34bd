package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.batch.convert.FileTask;
import dev.sluice.batch.convert.SplitFile;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.batch.storage.ObjectVersion;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.ParquetRewrite;
import dev.sluice.processor.RangePlan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file converted as range tasks on a pool of 2 threads gives, in the union of its ranges'
 * Parquet files, exactly the rows and schema of the file converted as one task (DuckDB {@code
 * EXCEPT ALL} both ways); a file whose cuts cannot be proven is not split.
 */
class SplitFileTest {

    private static final long AT = Instant.parse("2026-01-02T03:04:05Z").toEpochMilli();

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final TaskRunner runner = new PoolTaskRunner(pool, 2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aSplitFileWithQuotedLineBreaksNearTheCutsGivesTheRowsAndSchemaOfTheWholeFile() throws IOException {
        Path csv = mixed("orders.csv", 20_000, 61);
        FileTask task = task(csv);

        SplitFile split = SplitFile.plan(task, 256 << 10).orElseThrow();
        List<SplitFile.Range> ranges = split.ranges(ObjectLocation.of(dir.resolve("out/ranges"), true));
        assertThat(ranges).hasSizeGreaterThanOrEqualTo(3);
        List<SplitFile.RangeOutcome> outcomes = runner.run("ranges", ranges, SplitFile.Range::convert);
        RangePlan.Combined combined = split.combine(outcomes).orElseThrow();

        Path single = dir.resolve("single.parquet");
        ConversionReport whole = conversion().convert(csv, single);
        assertThat(List.of(combined.rowsRead(), combined.rowsWritten(), combined.rowsRejected()))
                .isEqualTo(List.of(whole.rowsRead(), whole.rowsWritten(), whole.rowsRejected()));
        assertThat(split.schemaJson()).isEqualTo(whole.schema().toJson());
        List<Path> parts = outcomes.stream()
                .map(o -> Path.of(java.net.URI.create(o.parquet())))
                .toList();
        for (Path part : parts) {
            assertThat(ParquetRewrite.schema(part)).isEqualTo(whole.schema());
        }
        assertSameRows(parts, single);
        assertThat(count("SELECT * FROM " + union(parts) + " WHERE comment LIKE '%\n%'"))
                .isEqualTo(20_000 / 61);
    }

    @Test
    void aFileWhoseCutsFallInsideQuotedFieldsIsNotProvenAndIsConvertedWhole() throws IOException {
        Path csv = mixed("multiline.csv", 20_000, 1);
        SplitFile split = SplitFile.plan(task(csv), 32 << 10).orElseThrow();
        List<SplitFile.RangeOutcome> outcomes = runner.run(
                "ranges", split.ranges(ObjectLocation.of(dir.resolve("out/ranges"), true)), SplitFile.Range::convert);

        assertThat(split.combine(outcomes)).isEmpty();
    }

    @Test
    void aSmallFileIsOneTask() throws IOException {
        assertThat(SplitFile.plan(task(mixed("small.csv", 100, 7)), 1 << 20)).isEqualTo(Optional.empty());
    }

    private FileTask task(Path csv) throws IOException {
        ObjectLocation out = ObjectLocation.of(dir.resolve("out"), true);
        return new FileTask(
                0,
                1,
                csv.toUri().toString(),
                csv.toUri().toString(),
                Files.size(csv),
                ObjectVersion.current(),
                ObjectStores.local(),
                out.resolve("0.parquet"),
                out.resolve("0.csv"),
                out.resolve("staged/0/"),
                "split-test",
                AT,
                1);
    }

    private static CsvConversion conversion() {
        return CsvConversion.builder()
                .processingJob("split-test")
                .processedAt(Instant.ofEpochMilli(AT))
                .threads(1)
                .build();
    }

    private static String union(List<Path> parts) {
        return parts.stream()
                .map(p -> "'" + p.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "read_parquet([", "])"));
    }

    private static void assertSameRows(List<Path> parts, Path single) {
        String one = "read_parquet('" + single.toAbsolutePath().toString().replace("'", "''") + "')";
        assertThat(count("SELECT * FROM " + union(parts) + " EXCEPT ALL SELECT * FROM " + one))
                .isZero();
        assertThat(count("SELECT * FROM " + one + " EXCEPT ALL SELECT * FROM " + union(parts)))
                .isZero();
        assertThat(count("SELECT * FROM " + union(parts))).isEqualTo(count("SELECT * FROM " + one));
    }

    private static long count(String sql) {
        return ((Number) DuckDb.query("SELECT count(*) AS n FROM (" + sql + ")")
                        .get(0)
                        .get("n"))
                .longValue();
    }

    /** Mixed columns; every {@code breakEvery}th row's comment holds a quoted line break. */
    private Path mixed(String name, int rows, int breakEvery) throws IOException {
        Path csv = dir.resolve("in").resolve(name);
        Files.createDirectories(csv.getParent());
        SplittableRandom r = new SplittableRandom(23);
        String[] names = {"Ada", "Grace", "Linus", "\u00c9milie", "Ken"};
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name,amount,quantity,paid,day,comment\n");
            for (int i = 1; i <= rows; i++) {
                w.write(i + "," + names[r.nextInt(names.length)] + ",");
                w.write(r.nextInt(100_000) + "." + (10 + r.nextInt(90)) + ",");
                w.write(r.nextInt(50) + "," + (r.nextBoolean() ? "true" : "false") + ",");
                w.write(String.format("2023-%02d-%02d,", 1 + r.nextInt(12), 1 + r.nextInt(28)));
                if (i % breakEvery == 0) {
                    w.write("\"first\nsecond " + i + "\"");
                } else if (i % 7 == 0) {
                    w.write("\"said \"\"hi\"\", twice\"");
                } else {
                    w.write("plain text " + r.nextInt(1000));
                }
                w.write('\n');
            }
        }
        return csv;
    }
}
