package dev.sluice.controlplane.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.batch.iceberg.IcebergMaintenance;
import dev.sluice.batch.iceberg.IcebergTableCatalog;
import dev.sluice.batch.iceberg.TableRows;
import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.support.Http;
import dev.sluice.testsupport.TestDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Iceberg pipelines of the embedded control plane under the schema modes, and the rows a re-upload
 * removes from a compacted file: files uploaded over HTTP, the runs and files read from the API,
 * the table read from Iceberg's JDBC catalog on the control plane's H2 with Iceberg's Parquet
 * reader, deletes applied. Its own instance, so that its tables and pipelines are its own.
 */
class IcebergSchemaModesIT {

    static final String TOKEN = "sluice-iceberg-modes-bootstrap-token-0123";
    static final Duration DEADLINE = Duration.ofSeconds(90);

    static Path home;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws IOException {
        home = TestDirs.temporary("sluice-iceberg-modes");
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("sluice.home", home.toString());
        p.put("sluice.security.bootstrap-token", TOKEN);
        p.put("sluice.runs.poll-interval", "300ms");
        p.put("sluice.runs.batch-interval", "200ms");
        p.put("sluice.runs.dispatch-interval", "200ms");
        p.put("sluice.iceberg.maintenance.enabled", "false");
        pipeline(p, "icefrozen", "freeze", 1);
        pipeline(p, "iceguarded", "quarantine", 3);
        pipeline(p, "icereplaced", "evolve", 1);
        app = new SpringApplicationBuilder(SluiceApplication.class)
                .run(p.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void freezeFailsTheRunOfAFileThatWouldChangeTheIcebergTableWithNoNewSnapshot() throws Exception {
        assertThat(status(runOf("icefrozen", "f1.csv", "id,amount\n1,2.50\n"))).isEqualTo("SUCCEEDED");
        Table table = table("icefrozen");
        long before = table.currentSnapshot().snapshotId();

        JsonNode newColumn = runOf("icefrozen", "f2.csv", "id,amount,note\n2,1.25,x\n");
        JsonNode widening = runOf("icefrozen", "f3.csv", "id,amount\n12345678901,1.00\n");

        assertThat(status(newColumn)).isEqualTo("FAILED");
        assertThat(newColumn.path("errorMessage").asString())
                .contains("table sluice.icefrozen is frozen (schema mode freeze), nothing was written: ")
                .contains("f2.csv: column 'note' is not in the table sluice.icefrozen, the file has string");
        assertThat(status(widening)).isEqualTo("FAILED");
        assertThat(widening.path("errorMessage").asString())
                .as("Iceberg would widen int to long in place; frozen, that is a change")
                .contains("f3.csv: column 'id' is int in the table sluice.icefrozen, the file has long");
        assertThat(file("icefrozen", "f2.csv").path("status").asString()).isEqualTo("FAILED");

        table.refresh();
        assertThat(table.currentSnapshot().snapshotId()).as("nothing committed").isEqualTo(before);
        assertThat(table.snapshots()).hasSize(1);
        assertThat(table.schema().findField("id").type().toString()).isEqualTo("int");
        assertThat(table.schema().findField("note")).isNull();
        assertThat(rows(table, table.currentSnapshot().snapshotId())).containsExactly("1 f1.csv");
    }

    @Test
    void quarantineSetsTheChangingFileAsideAndCommitsTheRestInOneIcebergSnapshot() throws Exception {
        Http admin = admin();
        for (String[] f : List.of(
                new String[] {"g1.csv", "id,amount\n1,2.50\n"},
                new String[] {"g2.csv", "id,amount,note\n2,1.25,late\n"},
                new String[] {"g3.csv", "id,amount\n3,4.00\n"})) {
            assertThat(admin.upload("iceguarded", f[0], f[1].getBytes()).status())
                    .isEqualTo(202);
        }
        JsonNode run = awaitEnd(awaitRunId("iceguarded", "g1.csv", List.of()));

        assertThat(status(run)).as("a quarantined file does not fail its run").isEqualTo("PARTIALLY_SUCCEEDED");
        JsonNode setAside = file("iceguarded", "g2.csv");
        assertThat(setAside.path("status").asString()).isEqualTo("QUARANTINED");
        assertThat(setAside.path("errorMessage").asString())
                .contains("g2.csv: set aside (schema mode quarantine): column 'note' is not in the table"
                        + " sluice.iceguarded as ")
                .contains("g1.csv of this batch creates it, the file has string");
        JsonNode detail = admin.get("/api/v1/runs/" + run.path("id").asLong()).json();
        assertThat(keys(detail.path("files")))
                .containsExactlyInAnyOrder("g1.csv PROCESSED", "g2.csv QUARANTINED", "g3.csv PROCESSED");
        JsonNode snapshot = detail.path("snapshot");
        assertThat(snapshot.path("addedFiles").asLong()).isEqualTo(2);
        assertThat(snapshot.path("addedRows").asLong()).isEqualTo(2);

        Table table = table("iceguarded");
        List<Snapshot> snapshots = new ArrayList<>();
        table.snapshots().forEach(snapshots::add);
        assertThat(snapshots).as("the rest of the run in one snapshot").hasSize(1);
        assertThat(snapshots.get(0).summary())
                .containsEntry(
                        IcebergTableCatalog.RUN_ID, Long.toString(run.path("id").asLong()));
        assertThat(snapshots.get(0).snapshotId())
                .isEqualTo(snapshot.path("snapshotId").asLong());
        assertThat(table.schema().findField("note"))
                .as("the set-aside file changed nothing")
                .isNull();
        assertThat(rows(table, snapshots.get(0).snapshotId())).containsExactly("1 g1.csv", "3 g3.csv");
    }

    @Test
    void aReuploadedKeyInsideACompactedFileReportsTheRowsItsEqualityDeleteRemoved() throws Exception {
        assertThat(status(runOf("icereplaced", "k1.csv", "id\n1\n2\n"))).isEqualTo("SUCCEEDED");
        assertThat(status(runOf("icereplaced", "k2.csv", "id\n3\n4\n5\n"))).isEqualTo("SUCCEEDED");
        Table table = table("icereplaced");
        IcebergMaintenance.Result compacted = IcebergMaintenance.run(
                table,
                new IcebergMaintenance.Settings(Duration.ofDays(7), 100, 64L * 1024 * 1024, 2),
                Clock.systemUTC());
        assertThat(compacted.dataFilesAfter()).as("k1 and k2 share one file").isEqualTo(1);

        JsonNode replaced = runOf("icereplaced", "k2.csv", "id\n30\n");

        assertThat(status(replaced)).isEqualTo("SUCCEEDED");
        JsonNode snapshot = snapshotOf(replaced);
        assertThat(snapshot.path("deletedFiles").asLong())
                .as("the compacted file stays")
                .isZero();
        assertThat(snapshot.path("equalityDeleteKeys").asLong()).isEqualTo(1);
        assertThat(snapshot.path("deletedRows").asLong())
                .as("k2's three rows in the compacted file, not Iceberg's one delete record")
                .isEqualTo(3);
        assertThat(snapshot.path("addedRows").asLong()).isEqualTo(1);
        table.refresh();
        Snapshot current = table.snapshot(snapshot.path("snapshotId").asLong());
        assertThat(current.summary())
                .containsEntry(
                        IcebergTableCatalog.RUN_ID,
                        Long.toString(replaced.path("id").asLong()))
                .containsEntry("added-equality-deletes", "1");
        assertThat(rows(table, current.snapshotId())).containsExactly("1 k1.csv", "2 k1.csv", "30 k2.csv");
    }

    /** A pipeline of its own Iceberg table; a run takes {@code files} files, or what arrived in 30 s. */
    private static void pipeline(Map<String, String> p, String name, String mode, int files) {
        String at = "sluice.pipelines." + name + ".";
        p.put(at + "input.bucket", name + "-in");
        p.put(at + "output.bucket", name + "-out");
        p.put(at + "output.format", "iceberg");
        p.put(at + "job.name", "sluice-local");
        p.put(at + "job.table", name);
        p.put(at + "schema.mode", mode);
        p.put(at + "batch.max-files", Integer.toString(files));
        p.put(at + "batch.max-wait", files == 1 ? "200ms" : "30s");
        p.put(at + "retry.max-attempts", "1");
    }

    private static Table table(String pipeline) {
        return app.getBean(IcebergMaintenanceSchedule.class)
                .table(app.getBean(Pipelines.class).find(pipeline).orElseThrow())
                .orElseThrow();
    }

    /** The rows at a snapshot as "id key", sorted. */
    private static List<String> rows(Table table, long snapshotId) throws IOException {
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = TableRows.read(table, snapshotId)) {
            for (Record r : records) {
                String source = r.getField("source_file").toString();
                rows.add(r.getField("id") + " " + source.substring(source.lastIndexOf('/') + 1));
            }
        }
        return rows.stream().sorted().toList();
    }

    private static Http admin() {
        return Http.to(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class))
                .as(TOKEN);
    }

    private static JsonNode snapshotOf(JsonNode run) {
        JsonNode detail = admin().get("/api/v1/runs/" + run.path("id").asLong()).json();
        JsonNode snapshot = detail.path("snapshot");
        assertThat(snapshot.isObject()).as(detail.toString()).isTrue();
        return snapshot;
    }

    private static JsonNode runOf(String pipeline, String name, String csv) {
        List<Long> earlier = runIds(pipeline, name);
        assertThat(admin().upload(pipeline, name, csv.getBytes()).status()).isEqualTo(202);
        return awaitEnd(awaitRunId(pipeline, name, earlier));
    }

    /** The run of a version of the file, other than the runs of its earlier versions. */
    private static long awaitRunId(String pipeline, String name, List<Long> earlier) {
        return await().atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> runIds(pipeline, name).stream()
                                .filter(id -> !earlier.contains(id))
                                .findFirst()
                                .orElse(-1L),
                        id -> id > 0);
    }

    private static List<Long> runIds(String pipeline, String name) {
        List<Long> ids = new ArrayList<>();
        for (JsonNode f : admin().get("/api/v1/files?limit=500&pipeline=" + pipeline)
                .json()
                .path("items")) {
            if (f.path("key").asString().equals(name) && f.hasNonNull("runId")) {
                ids.add(f.path("runId").asLong());
            }
        }
        return ids;
    }

    private static JsonNode awaitEnd(long runId) {
        return await().atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> admin().get("/api/v1/runs/" + runId).json().path("run"),
                        run -> List.of("SUCCEEDED", "PARTIALLY_SUCCEEDED", "FAILED")
                                .contains(status(run)));
    }

    private static String status(JsonNode run) {
        return run.path("status").asString();
    }

    private static JsonNode file(String pipeline, String name) {
        for (JsonNode f : admin().get("/api/v1/files?limit=500&pipeline=" + pipeline)
                .json()
                .path("items")) {
            if (f.path("key").asString().equals(name)) {
                return f;
            }
        }
        return MissingNode.getInstance();
    }

    private static List<String> keys(JsonNode files) {
        return StreamSupport.stream(files.spliterator(), false)
                .map(f -> f.path("key").asString() + " " + f.path("status").asString())
                .toList();
    }
}
