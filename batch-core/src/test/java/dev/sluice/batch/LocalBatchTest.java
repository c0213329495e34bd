package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableSchemaFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded executor's engine: batch-core on a thread pool, the table's schema in a file. */
class LocalBatchTest {

    @TempDir
    Path dir;

    final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void compatibleBatchesWidenAndAddColumnsAndAConflictWritesNothing() throws Exception {
        run(1, csv("a.csv", "id,amount\n12345678901,2.50\n"), csv("b.csv", "id,amount\n7,1.25\n"));
        RunReport second = run(2, csv("c.csv", "id,amount,note\n8,3.75,hello\n"));

        assertThat(second.widenedColumns()).containsExactly("id");
        assertThat(second.catalog().orElseThrow().columnsAdded()).containsExactly("note");
        assertThat(columns())
                .containsExactly(
                        "id bigint",
                        "amount decimal(3,2)",
                        "processed_at timestamp",
                        "source_file string",
                        "processing_job string",
                        "note string");
        List<Path> before = files();
        byte[] schemaBefore = Files.readAllBytes(schemaFile());

        assertThatThrownBy(() -> run(3, csv("d.csv", "id,amount\nx1,1.00\n")))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage("table db.orders: incompatible type change, nothing was written:"
                        + " column 'id' is bigint in the table, this batch needs string");
        assertThat(files()).isEqualTo(before);
        assertThat(Files.readAllBytes(schemaFile())).isEqualTo(schemaBefore);
        RunReport refused = RunReport.fromJson(Files.readAllBytes(dir.resolve("out/_reports/3.json")), "report");
        assertThat(refused.error().orElseThrow()).contains("column 'id' is bigint in the table");
        assertThat(refused.conflicts()).containsExactly(new RunReport.Conflict("id", "bigint", "string"));
    }

    @Test
    void aFileThatChangedSinceItArrivedFailsAndTheOthersAreConverted() throws Exception {
        Path a = csv("a.csv", "id\n1\n");
        Path b = csv("b.csv", "id\n2\n");
        RunManifest manifest = manifest(4, List.of(a, b));
        Files.writeString(b, "id\n3\n4\n");

        RunReport report = conversion().run(job(4), manifest);

        assertThat(report.files().get(0).failed()).isFalse();
        assertThat(report.files().get(1).error().orElseThrow()).contains("holds other bytes than arrived");
        assertThat(report.rowsWritten()).isEqualTo(1);
    }

    private RunReport run(long runId, Path... csvs) throws IOException {
        return conversion().run(job(runId), manifest(runId, List.of(csvs)));
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

    private RunManifest manifest(long runId, List<Path> csvs) throws IOException {
        List<RunManifest.ManifestFile> files = new ArrayList<>();
        for (Path csv : csvs) {
            byte[] bytes = Files.readAllBytes(csv);
            files.add(new RunManifest.ManifestFile(
                    files.size() + 1, csv.toUri().toString(), "", csv.toString(), bytes.length, md5(bytes), "", ""));
        }
        return new RunManifest(
                runId, 1, "orders", "job:run-" + runId + "-1", "2026-11-25", "", "", "db", "orders", files);
    }

    private Path csv(String name, String content) throws IOException {
        Path file = dir.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    private Path schemaFile() {
        return dir.resolve("out/_tables/db.orders.json");
    }

    private List<String> columns() throws IOException {
        return TableSchemaFile.fromJson(Files.readAllBytes(schemaFile()), "t").columns().stream()
                .map(c -> c.name() + " " + c.type())
                .toList();
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.walk(dir.resolve("out/orders"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
