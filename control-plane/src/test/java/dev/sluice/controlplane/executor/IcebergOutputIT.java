package dev.sluice.controlplane.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.batch.iceberg.IcebergMaintenance;
import dev.sluice.batch.iceberg.TableRows;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.support.ApiTestApp;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A pipeline with {@code output.format: iceberg} in the embedded control plane: each run is one
 * snapshot of a table in Iceberg's JDBC catalog on the control plane's own H2, the run's API
 * answer names it, and a key uploaded again replaces its rows in that one snapshot.
 */
class IcebergOutputIT extends ApiTestApp {

    @Autowired
    IcebergMaintenanceSchedule maintenance;

    @Autowired
    Pipelines pipelines;

    @Test
    void eachRunIsOneSnapshotTheApiNamesAndAReuploadReplacesTheKeysRows() throws IOException {
        String key = unique("orders") + ".csv";
        JsonNode first = runOf("iceberg", key, "id,amount\n1,2.50\n2,3.75\n", "SUCCEEDED");
        JsonNode firstSnapshot = snapshotOf(first);
        assertThat(firstSnapshot.path("addedFiles").asLong()).isEqualTo(1);
        assertThat(firstSnapshot.path("addedRows").asLong()).isEqualTo(2);
        assertThat(firstSnapshot.path("attempt").asInt()).isEqualTo(1);

        JsonNode second = runOf("iceberg", key, "id,amount\n1,2.55\n", "SUCCEEDED");

        JsonNode secondSnapshot = snapshotOf(second);
        assertThat(secondSnapshot.path("deletedFiles").asLong()).isEqualTo(1);
        assertThat(secondSnapshot.path("deletedRows").asLong()).isEqualTo(2);
        assertThat(secondSnapshot.path("addedRows").asLong()).isEqualTo(1);
        Table table = table();
        Snapshot current = table.snapshot(secondSnapshot.path("snapshotId").asLong());
        assertThat(current.parentId())
                .isEqualTo(firstSnapshot.path("snapshotId").asLong());
        assertThat(current.summary())
                .containsEntry("sluice.run-id", Long.toString(second.path("id").asLong()));
        assertThat(rowsOf(table, current.snapshotId(), key)).containsExactly("1 2.55");
        assertThat(rowsOf(table, current.parentId(), key)).containsExactly("1 2.50", "2 3.75");
    }

    @Test
    void maintenanceCompactsTheSmallFilesOfTheTableAndKeepsItsRows() throws IOException {
        String prefix = unique("small");
        for (int i = 0; i < 3; i++) {
            runOf("iceberg", prefix + "-" + i + ".csv", "id,amount\n" + i + ",1.00\n", "SUCCEEDED");
        }
        Table table = table();
        List<String> before = rowsOf(table, table.currentSnapshot().snapshotId(), null);

        IcebergMaintenance.Result result = IcebergMaintenance.run(
                table,
                new IcebergMaintenance.Settings(Duration.ofDays(7), 100, 64L * 1024 * 1024, 2),
                Clock.systemUTC());

        assertThat(result.dataFilesBefore()).isGreaterThanOrEqualTo(3);
        assertThat(result.dataFilesAfter()).isLessThan(result.dataFilesBefore());
        table.refresh();
        assertThat(rowsOf(table, table.currentSnapshot().snapshotId(), null)).isEqualTo(before);
    }

    private JsonNode snapshotOf(JsonNode run) {
        JsonNode detail = admin().get("/api/v1/runs/" + run.path("id").asLong()).json();
        JsonNode snapshot = detail.path("snapshot");
        assertThat(snapshot.isObject()).as(detail.toString()).isTrue();
        return snapshot;
    }

    private Table table() {
        return maintenance.table(pipelines.find("iceberg").orElseThrow()).orElseThrow();
    }

    /** The rows of one source file (or all) at a snapshot: id and amount, sorted. */
    private static List<String> rowsOf(Table table, long snapshotId, String key) throws IOException {
        List<String> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = TableRows.read(table, snapshotId)) {
            for (Record r : records) {
                if (key == null || r.getField("source_file").toString().endsWith("/" + key)) {
                    rows.add(r.getField("id") + " " + r.getField("amount")
                            + (key == null ? " " + r.getField("source_file") : ""));
                }
            }
        }
        return rows.stream().sorted().toList();
    }
}
