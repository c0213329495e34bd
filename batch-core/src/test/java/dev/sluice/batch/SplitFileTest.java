package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.FileSplit;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.ParquetRewrite;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large file of a run converted as range tasks on a pool of 2 threads: the range files in the
 * partition hold exactly the rows, schema and rejected rows of the file converted as one task
 * (DuckDB {@code EXCEPT ALL} both ways, the rejects file byte for byte); a file whose cuts cannot
 * be proven is converted whole; retries and reprocessing treat its range files as the file's.
 */
class SplitFileTest {

    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
    private static final String PARTITION = "out/orders/ingest_date=2026-11-25/";
    private static final FileSplit SPLIT = new FileSplit(64 << 10, 256 << 10);

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void aLargeFileBecomesRangeFilesWithTheRowsSchemaAndRejectsOfTheFileAsOneTask() throws IOException {
        // quoted line breaks throughout, a quantity past the first records that widens its column,
        // and two rows with a field too many in later ranges
        Path csv = mixed("orders.csv", 40_000, 61);

        RunReport report = conversion().run(job(1, 1), manifest(1, csv, List.of()));

        RunReport.FileReport file = report.files().get(0);
        assertThat(file.parquetRanges()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(file.parquet()).isEqualTo(file.parquetRanges().get(0));
        assertThat(file.note()).isEmpty();
        assertThat(partitionFiles())
                .containsExactlyElementsOf(rangeNames(1, file.parquetRanges().size()));
        Path single = dir.resolve("single.parquet");
        ConversionReport whole = oneTask(dir.resolve("single-rejects.csv")).convert(csv, single);
        assertThat(List.of(file.rowsRead(), file.rowsWritten(), file.rowsRejected()))
                .isEqualTo(List.of(whole.rowsRead(), whole.rowsWritten(), whole.rowsRejected()));
        assertThat(file.rowsRejected()).isEqualTo(2);
        List<Path> parts = paths(file.parquetRanges());
        for (Path part : parts) {
            assertThat(ParquetRewrite.schema(part)).isEqualTo(whole.schema());
        }
        assertThat(DuckDb.query("SELECT typeof(quantity) AS t FROM " + union(parts) + " LIMIT 1"))
                .containsExactly(java.util.Map.of("t", "DECIMAL(3,1)"));
        assertSameRows(parts, single);
        assertThat(count("SELECT * FROM " + union(parts) + " WHERE comment LIKE '%\n%'"))
                .isEqualTo(40_000 / 61);
        // the rejected rows at their lines in the whole file, as the one task writes them
        assertThat(Files.readString(Path.of(URI.create(file.rejects()))))
                .isEqualTo(Files.readString(dir.resolve("single-rejects.csv")));
        try (Stream<Path> staged = Files.walk(dir.resolve("out/_staging"))) {
            assertThat(staged.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void cutsInsideQuotedLineBreaksAreMovedUntilProven() throws IOException {
        // a quoted line break in every row: many cuts fall inside a quoted field at first
        Path csv = mixed("multiline.csv", 20_000, 1);

        RunReport report = conversion().run(job(5, 1), manifest(5, csv, List.of()));

        RunReport.FileReport file = report.files().get(0);
        assertThat(file.parquetRanges()).hasSizeGreaterThanOrEqualTo(4);
        Path single = dir.resolve("single.parquet");
        oneTask(dir.resolve("single-rejects.csv")).convert(csv, single);
        assertSameRows(paths(file.parquetRanges()), single);
    }

    @Test
    void aFileWithAQuotedFieldLongerThanARangeIsConvertedWholeAsOneTask() throws IOException {
        Path csv = mixed("multiline.csv", 20_000, 97);
        // a record of 600 KB of quoted lines: a cut inside it cannot move to a record's start
        String longComment = "\"" + "a line of a long quoted comment\n".repeat(20_000) + "\"";
        Files.writeString(
                csv, "20001,Ada,1.50,3,true,2023-01-01," + longComment + "\n", java.nio.file.StandardOpenOption.APPEND);

        RunReport report = conversion().run(job(2, 1), manifest(2, csv, List.of()));

        RunReport.FileReport file = report.files().get(0);
        assertThat(file.parquetRanges()).isEmpty();
        assertThat(partitionFiles()).containsExactly("part-2-0.parquet");
        assertThat(file.note()).isEqualTo("converted whole: a cut could not be proven to start a record");
        assertThat(RunReport.fromJson(Files.readAllBytes(dir.resolve("out/_reports/2.json")), "report")
                        .files()
                        .get(0)
                        .note())
                .isEqualTo(file.note());
        Path single = dir.resolve("single.parquet");
        oneTask(dir.resolve("single-rejects.csv")).convert(csv, single);
        assertSameRows(List.of(Path.of(URI.create(file.parquet()))), single);
    }

    @Test
    void anotherAttemptReplacesTheRangeFilesAndAReprocessRemovesThemAll() throws IOException {
        Path csv = mixed("orders.csv", 30_000, 97);
        RunReport first = conversion().run(job(3, 1), manifest(3, csv, List.of()));
        int ranges = first.files().get(0).parquetRanges().size();
        assertThat(ranges).isGreaterThan(2);

        RunReport second = conversion().run(job(3, 2), manifest(3, csv, List.of()));
        assertThat(second.files().get(0).parquetRanges())
                .isEqualTo(first.files().get(0).parquetRanges());
        assertThat(partitionFiles()).containsExactlyElementsOf(rangeNames(3, ranges));
        // row 25,000 has a field too many
        assertThat(count("SELECT * FROM " + union(paths(second.files().get(0).parquetRanges()))))
                .isEqualTo(29_999);

        conversion().run(job(4, 1), manifest(4, csv, List.of(new RunManifest.Superseded(1, 3))));
        assertThat(partitionFiles()).containsExactlyElementsOf(rangeNames(4, ranges));
    }

    @Test
    void aLargeFileWhoseSchemaIsNotTheBatchsIsConvertedAgainWithItAsRanges() throws IOException {
        Path csv = mixed("orders.csv", 30_000, 97);
        // a wider amount in a small file of the same run: the batch's schema is not the large file's
        Path small = LocalRuns.csv(
                dir, "small.csv", "id,name,amount,quantity,paid,day,comment\n0,Ada,1.125,1,true,2023-01-01,x\n");
        RunManifest manifest = manifest(6, List.of(csv, small), List.of());

        RunReport report = conversion().run(job(6, 1), manifest);

        RunReport.FileReport file = report.files().get(0);
        assertThat(file.parquetRanges()).hasSizeGreaterThanOrEqualTo(3);
        List<Path> parts = paths(file.parquetRanges());
        dev.sluice.processor.Schema batch =
                dev.sluice.processor.Schema.fromJson(report.schemaJson().orElseThrow());
        for (Path part : parts) {
            assertThat(ParquetRewrite.schema(part)).isEqualTo(batch);
        }
        assertThat(DuckDb.query("SELECT typeof(amount) AS t FROM " + union(parts) + " LIMIT 1"))
                .containsExactly(java.util.Map.of("t", "DECIMAL(8,3)"));
        Path single = dir.resolve("single.parquet");
        CsvConversion.builder().processedAt(AT).schema(batch).threads(1).build().convert(csv, single);
        assertSameRows(parts, single);
    }

    @Test
    void aLargeFileThatChangedSinceItArrivedFailsAloneAndTheOthersAreConverted() throws IOException {
        Path csv = mixed("orders.csv", 30_000, 97);
        Path small = LocalRuns.csv(
                dir, "small.csv", "id,name,amount,quantity,paid,day,comment\n0,Ada,1.25,1,true,2023-01-01,x\n");
        RunManifest manifest = manifest(7, List.of(csv, small), List.of());
        Files.writeString(csv, "id\n1\n", java.nio.file.StandardOpenOption.APPEND);

        RunReport report = conversion().run(job(7, 1), manifest);

        assertThat(report.files().get(0).error().orElseThrow()).contains("holds other bytes than arrived");
        assertThat(report.files().get(0).parquetFiles()).isEmpty();
        assertThat(report.files().get(0).note())
                .startsWith("converted as one task: ")
                .contains("holds other bytes than arrived");
        assertThat(report.files().get(1).failed()).isFalse();
        assertThat(report.rowsWritten()).isEqualTo(1);
    }

    private static List<String> rangeNames(long runId, int ranges) {
        return Stream.iterate(0, k -> k + 1)
                .limit(ranges)
                .map(k -> "part-" + runId + "-0-r" + k + ".parquet")
                .sorted()
                .toList();
    }

    private List<String> partitionFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve(PARTITION))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Path> paths(List<String> uris) {
        return uris.stream().map(u -> Path.of(URI.create(u))).toList();
    }

    private BatchConversion conversion() {
        ObjectLocation out = ObjectLocation.of(dir.resolve("out"), true);
        return new BatchConversion(
                new PoolTaskRunner(pool, 2),
                new FileTableCatalog(out, "db", "orders"),
                ObjectStores.local(),
                Clock.fixed(AT, ZoneOffset.UTC));
    }

    private BatchJob job(long runId, int attempt) {
        return LocalRuns.job(dir, runId, attempt);
    }

    private RunManifest manifest(long runId, Path csv, List<RunManifest.Superseded> supersedes) throws IOException {
        return manifest(runId, List.of(csv), supersedes);
    }

    private RunManifest manifest(long runId, List<Path> csvs, List<RunManifest.Superseded> supersedes)
            throws IOException {
        return new RunManifest(
                runId,
                1,
                "orders",
                "job:run-" + runId + "-1",
                "2026-11-25",
                "",
                "",
                "db",
                "orders",
                LocalRuns.files(csvs),
                supersedes,
                TableOutput.DEFAULT,
                SPLIT);
    }

    /** The file converted as one task: what the run's range files must add up to. */
    private CsvConversion oneTask(Path rejects) {
        return CsvConversion.builder()
                .sourceUri(dir.resolve("in").toUri() + "ignored")
                .processingJob("job:run-1-1")
                .processedAt(AT)
                .rejects(rejects)
                .threads(1)
                .build();
    }

    private static String union(List<Path> parts) {
        return parts.stream()
                .map(p -> "'" + p.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "read_parquet([", "])"));
    }

    /** The rows compared without the lineage columns, which name the file and the run. */
    private static void assertSameRows(List<Path> parts, Path single) {
        String one = "read_parquet('" + single.toAbsolutePath().toString().replace("'", "''") + "')";
        String columns = "id, name, amount, quantity, paid, day, comment";
        String split = "SELECT " + columns + " FROM " + union(parts);
        String whole = "SELECT " + columns + " FROM " + one;
        assertThat(count(split + " EXCEPT ALL " + whole)).isZero();
        assertThat(count(whole + " EXCEPT ALL " + split)).isZero();
        assertThat(count(split)).isEqualTo(count(whole));
    }

    private static long count(String sql) {
        return ((Number) DuckDb.query("SELECT count(*) AS n FROM (" + sql + ")")
                        .get(0)
                        .get("n"))
                .longValue();
    }

    /**
     * Mixed columns; every {@code breakEvery}th row's comment holds a quoted line break; row 30,000
     * has a decimal quantity, rows 25,000 and 35,000 a field too many.
     */
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
                w.write((i == 30_000 ? "2.5" : Integer.toString(r.nextInt(50))) + ",");
                w.write((r.nextBoolean() ? "true" : "false") + ",");
                w.write(String.format("2023-%02d-%02d,", 1 + r.nextInt(12), 1 + r.nextInt(28)));
                if (i % breakEvery == 0) {
                    w.write("\"first\nsecond " + i + "\"");
                } else if (i % 7 == 0) {
                    w.write("\"said \"\"hi\"\", twice\"");
                } else {
                    w.write("plain text " + r.nextInt(1000));
                }
                if (i == 25_000 || i == 35_000) {
                    w.write(",extra");
                }
                w.write('\n');
            }
        }
        return csv;
    }
}
