package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.contract.FrozenSchemaException;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import dev.sluice.manifest.TableOutput.SchemaMode;
import dev.sluice.manifest.TableSchemaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schema modes on the embedded executor's engine, with real files and the file catalog. */
class SchemaModesTest {

    @TempDir
    Path dir;

    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void evolveTakesANewColumnAndMergesFilesThatDisagreeAsToday() throws Exception {
        RunReport first = run(
                1,
                SchemaMode.EVOLVE,
                LocalRuns.csv(dir, "a.csv", "id,when\n1,2026-11-01\n"),
                LocalRuns.csv(dir, "b.csv", "id,when\n2,x\n"));
        run(2, SchemaMode.EVOLVE, LocalRuns.csv(dir, "c.csv", "id,when,note\n3,y,hello\n"));

        assertThat(first.filesQuarantined()).isZero();
        assertThat(LocalRuns.columns(dir)).startsWith("id int", "when string").endsWith("note string");
    }

    @Test
    void freezeRefusesANewColumnAndAWideningNamingTheFileTheColumnAndBothTypesAndWritesNothing() throws Exception {
        run(1, SchemaMode.FREEZE, LocalRuns.csv(dir, "a.csv", "id,amount\n1,2.50\n"));
        List<Path> before = files();
        byte[] schemaBefore = Files.readAllBytes(schemaFile());
        Path fits = LocalRuns.csv(dir, "fits.csv", "id\n2\n");
        Path wider = LocalRuns.csv(dir, "wider.csv", "id,amount\n12345678901,1.25\n");
        Path extra = LocalRuns.csv(dir, "extra.csv", "id,amount,note\n3,1.00,hello\n");

        assertThatThrownBy(() -> run(2, SchemaMode.FREEZE, fits, wider, extra))
                .isInstanceOf(FrozenSchemaException.class)
                .hasMessage("table db.orders is frozen (schema mode freeze), nothing was written: "
                        + wider.toUri() + ": column 'id' is int in the table db.orders, the file has bigint; "
                        + extra.toUri() + ": column 'note' is not in the table db.orders, the file has string");
        assertThat(files()).isEqualTo(before);
        assertThat(Files.readAllBytes(schemaFile())).isEqualTo(schemaBefore);
        RunReport refused = report(2);
        assertThat(refused.error().orElseThrow()).contains("column 'note' is not in the table db.orders");
        assertThat(refused.rowsWritten()).isZero();

        RunReport taken = run(3, SchemaMode.FREEZE, fits);
        assertThat(taken.filesFailed()).isZero();
        assertThat(taken.rowsWritten())
                .as("a file with fewer columns changes nothing")
                .isEqualTo(1);
        assertThat(taken.catalog().orElseThrow().columnsAdded()).isEmpty();
        assertThat(TableSchemaFile.fromJson(Files.readAllBytes(schemaFile()), "now")
                        .columns())
                .isEqualTo(TableSchemaFile.fromJson(schemaBefore, "before").columns());
    }

    @Test
    void aFrozenTableThatTheFirstBatchCreatesTakesNoColumnBeyondItsFirstFile() throws Exception {
        Path first = LocalRuns.csv(dir, "a.csv", "id\n1\n");
        Path more = LocalRuns.csv(dir, "b.csv", "id,note\n2,x\n");

        assertThatThrownBy(() -> run(1, SchemaMode.FREEZE, first, more))
                .isInstanceOf(FrozenSchemaException.class)
                .hasMessageEndingWith(more.toUri() + ": column 'note' is not in the table db.orders as " + first.toUri()
                        + " of this batch creates it, the file has string");
        assertThat(Files.exists(schemaFile())).isFalse();
    }

    @Test
    void quarantineSetsAsideTheFilesThatWouldChangeTheTableAndPublishesTheRest() throws Exception {
        run(1, SchemaMode.QUARANTINE, LocalRuns.csv(dir, "a.csv", "id,amount\n1,2.50\n"));
        Path good = LocalRuns.csv(dir, "good.csv", "id,amount\n2,1.25\n3,4.00\n");
        Path bad = LocalRuns.csv(dir, "bad.csv", "id,amount\nx9,1.25\n");
        Path grows = LocalRuns.csv(dir, "grows.csv", "id,amount,note\n4,1.50,hello\n");

        RunReport report = run(2, SchemaMode.QUARANTINE, good, bad, grows);

        assertThat(report.files()).extracting(RunReport.FileReport::quarantined).containsExactly(false, true, true);
        RunReport.FileReport setAside = report.files().get(1);
        assertThat(setAside.error().orElseThrow())
                .isEqualTo(bad.toUri() + ": set aside (schema mode quarantine):"
                        + " column 'id' is int in the table db.orders, the file has string");
        assertThat(report.files().get(2).error().orElseThrow())
                .isEqualTo(grows.toUri() + ": set aside (schema mode quarantine):"
                        + " column 'note' is not in the table db.orders, the file has string");
        assertThat(setAside.parquet()).isEmpty();
        assertThat(setAside.rejects()).isEmpty();
        assertThat(setAside.bytesRead()).isEqualTo(Files.size(bad));
        assertThat(report.rowsWritten()).isEqualTo(2);
        assertThat(report.filesQuarantined()).isEqualTo(2);
        assertThat(report.error()).isEmpty();
        assertThat(LocalRuns.columns(dir)).doesNotContain("note string");
        assertThat(files())
                .extracting(p -> p.getFileName().toString())
                .containsExactly("part-1-0.parquet", "part-2-0.parquet");
        assertThat(report(2).files())
                .as("as the report reads back")
                .extracting(RunReport.FileReport::quarantined)
                .containsExactly(false, true, true);
    }

    @Test
    void withoutATableTheFirstFileCreatesItAndOnlyFilesThatAgreeWithItJoin() throws Exception {
        Path first = LocalRuns.csv(dir, "1.csv", "id,x\n1,5\n");
        Path dates = LocalRuns.csv(dir, "2.csv", "id,x\n2,2026-11-01\n");
        Path wider = LocalRuns.csv(dir, "3.csv", "id,x\n3,12345678901\n");
        Path text = LocalRuns.csv(dir, "4.csv", "id,x\n4,many\n");
        Path extra = LocalRuns.csv(dir, "5.csv", "id,x,extra\n5,6,e\n");

        RunReport report = run(1, SchemaMode.QUARANTINE, first, dates, wider, text, extra);

        assertThat(report.files())
                .extracting(RunReport.FileReport::quarantined)
                .containsExactly(false, true, false, true, true);
        assertThat(report.files().get(1).error().orElseThrow())
                .endsWith("column 'x' is int in the table db.orders as " + first.toUri()
                        + " of this batch makes it, the file has date");
        assertThat(report.files().get(3).error().orElseThrow())
                .endsWith("column 'x' is int in the table db.orders as " + first.toUri()
                        + " of this batch makes it, the file has string");
        assertThat(report.files().get(4).error().orElseThrow())
                .endsWith("column 'extra' is not in the table db.orders as " + first.toUri()
                        + " of this batch creates it, the file has string");
        assertThat(LocalRuns.columns(dir))
                .as("numbers of both files widen as in any batch")
                .startsWith("id int", "x bigint");

        RunReport again = run(1, SchemaMode.QUARANTINE, first, dates, wider, text, extra);
        assertThat(again.files())
                .as("an attempt again sets aside the same files, now against the table the first made")
                .extracting(RunReport.FileReport::quarantined)
                .containsExactly(false, true, false, true, true);
        assertThat(again.files().get(1).error().orElseThrow())
                .endsWith("column 'x' is bigint in the table db.orders, the file has date");
    }

    @Test
    void aFileWithAColumnNamedAsThePartitionKeyIsSetAsideWhileATableOfOtherPartitionsFailsTheRun() throws Exception {
        Path clash = LocalRuns.csv(dir, "clash.csv", "id,ingest_date\n1,2026-11-01\n");
        Path fine = LocalRuns.csv(dir, "fine.csv", "id\n2\n");

        RunReport report = run(1, SchemaMode.QUARANTINE, clash, fine);

        assertThat(report.files().get(0).error().orElseThrow())
                .endsWith("column 'ingest_date' is the partition key of the table db.orders, the file has date");
        assertThat(report.files().get(1).failed()).isFalse();

        TableSchemaFile table = TableSchemaFile.fromJson(Files.readAllBytes(schemaFile()), "t");
        Files.write(
                schemaFile(),
                new TableSchemaFile(
                                table.table(), table.location(), table.columns(), List.of("day"), table.partitions())
                        .toJson());
        assertThatThrownBy(() -> run(2, SchemaMode.QUARANTINE, LocalRuns.csv(dir, "next.csv", "id\n3\n")))
                .as("no file can change how the table is partitioned")
                .hasMessageContaining("is partitioned by [day]");
    }

    @Test
    void aBatchOfOnlyQuarantinedFilesWritesNothingAndLeavesTheTable() throws Exception {
        run(1, SchemaMode.QUARANTINE, LocalRuns.csv(dir, "a.csv", "id\n1\n"));
        byte[] schemaBefore = Files.readAllBytes(schemaFile());
        List<Path> before = files();

        RunReport report = run(
                2,
                SchemaMode.QUARANTINE,
                LocalRuns.csv(dir, "b.csv", "id\nx\n"),
                LocalRuns.csv(dir, "c.csv", "id\n2026-01-01\n"));

        assertThat(report.filesQuarantined()).isEqualTo(2);
        assertThat(report.catalog()).isEmpty();
        assertThat(files()).isEqualTo(before);
        assertThat(Files.readAllBytes(schemaFile())).isEqualTo(schemaBefore);
    }

    private RunReport run(long runId, SchemaMode mode, Path... csvs) throws IOException {
        return conversion().run(job(runId), manifest(runId, mode, List.of(csvs)));
    }

    private RunReport report(long runId) throws IOException {
        return RunReport.fromJson(Files.readAllBytes(dir.resolve("out/_reports/" + runId + ".json")), "report");
    }

    private BatchConversion conversion() {
        ObjectLocation out = ObjectLocation.of(dir.resolve("out"), true);
        return new BatchConversion(
                new PoolTaskRunner(pool, 2),
                new FileTableCatalog(out, "db", "orders"),
                ObjectStores.local(),
                Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC));
    }

    private BatchJob job(long runId) {
        return new BatchJob(
                "job",
                "local-" + runId,
                runId,
                1,
                ObjectLocation.of(dir.resolve("out"), true),
                "db",
                "orders",
                "job:run-" + runId + "-1");
    }

    private RunManifest manifest(long runId, SchemaMode mode, List<Path> csvs) throws IOException {
        List<RunManifest.ManifestFile> files = LocalRuns.files(csvs);
        TableOutput output = new TableOutput(
                TableOutput.Format.PARQUET,
                TableOutput.DEFAULT_TARGET_FILE_SIZE,
                mode,
                TableOutput.OnNewVersion.APPEND);
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
                files,
                List.of(),
                output);
    }

    private Path schemaFile() {
        return dir.resolve("out/_tables/db.orders.json");
    }

    private List<Path> files() throws IOException {
        Path table = dir.resolve("out/orders");
        if (!Files.exists(table)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(table)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
