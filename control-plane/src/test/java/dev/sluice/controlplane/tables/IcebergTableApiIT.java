package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The table view of an Iceberg pipeline ({@code iceshape}) against the shared embedded Sluice:
 * columns and snapshots come from the table's metadata in the JDBC catalog, written by real runs:
 * one that creates the table, one that adds a column and widens {@code id} from int to bigint.
 */
class IcebergTableApiIT extends ApiTestApp {

    @Test
    void theSchemaAndTheSnapshotsComeFromTheIcebergMetadataWithTheRunsThatChangedThem() {
        long created = runOf("iceshape", unique("first") + ".csv", "id,amount\n1,2.50\n2,3.75\n", "SUCCEEDED")
                .path("id")
                .asLong();
        long evolved = runOf(
                        "iceshape", unique("second") + ".csv", "id,amount,note\n12345678901,1.00,hi\n", "SUCCEEDED")
                .path("id")
                .asLong();

        JsonNode table =
                admin().get("/api/v1/insights/pipelines/iceshape/table").json();

        assertThat(table.path("source").asString()).isEqualTo("iceberg");
        assertThat(table.path("note").isNull()).isTrue();
        Map<String, JsonNode> columns = new HashMap<>();
        table.path("columns").forEach(c -> columns.put(c.path("name").asString(), c));
        assertThat(columns).containsKeys("id", "amount", "note", "processed_at", "source_file");
        JsonNode id = columns.get("id");
        assertThat(id.path("type").asString()).isEqualTo("bigint");
        assertThat(id.path("icebergType").asString()).isEqualTo("long");
        assertThat(id.path("required").asBoolean()).isFalse();
        assertThat(id.path("addedByRun").asLong()).isEqualTo(created);
        assertThat(columns.get("amount").path("type").asString()).isEqualTo("decimal(3,2)");
        assertThat(columns.get("processed_at").path("type").asString()).isEqualTo("timestamp with time zone");
        JsonNode note = columns.get("note");
        assertThat(note.path("addedByRun").asLong()).isEqualTo(evolved);
        assertThat(note.path("fieldId").asInt())
                .as("a new column gets a new field id")
                .isGreaterThan(id.path("fieldId").asInt());
        table.path("columns")
                .forEach(c ->
                        assertThat(c.path("fieldId").isInt()).as(c.toString()).isTrue());

        JsonNode snapshots = table.path("snapshots");
        assertThat(snapshots).hasSize(2);
        assertThat(table.path("snapshotsCut").asBoolean()).isFalse();
        JsonNode second = snapshots.get(0);
        JsonNode first = snapshots.get(1);
        assertThat(second.path("runId").asLong()).isEqualTo(evolved);
        assertThat(second.path("attempt").asInt()).isEqualTo(1);
        assertThat(second.path("parentId").asLong())
                .isEqualTo(first.path("snapshotId").asLong());
        assertThat(second.path("operation").asString()).isEqualTo("append");
        assertThat(second.path("addedFiles").asLong()).isEqualTo(1);
        assertThat(second.path("addedRows").asLong()).isEqualTo(1);
        assertThat(second.path("added")).hasSize(1);
        assertThat(second.path("added").get(0).path("column").asString()).isEqualTo("note");
        assertThat(second.path("added").get(0).path("fieldId").asInt())
                .isEqualTo(note.path("fieldId").asInt());
        assertThat(second.path("added").get(0).path("to").asString()).isEqualTo("string");
        assertThat(second.path("widened")).hasSize(1);
        JsonNode widened = second.path("widened").get(0);
        assertThat(widened.path("column").asString()).isEqualTo("id");
        assertThat(widened.path("fieldId").asInt()).isEqualTo(id.path("fieldId").asInt());
        assertThat(widened.path("from").asString()).isEqualTo("int");
        assertThat(widened.path("to").asString()).isEqualTo("bigint");
        assertThat(first.path("runId").asLong()).isEqualTo(created);
        assertThat(first.path("parentId").isNull()).isTrue();
        assertThat(first.path("addedRows").asLong()).isEqualTo(2);
        assertThat(first.path("deletedRows").asLong()).isZero();
        assertThat(first.path("added")).isEmpty();
        assertThat(first.path("committedAt").asString()).isNotBlank();

        JsonNode run = admin().get("/api/v1/runs/" + evolved).json();
        assertThat(run.path("snapshot").path("snapshotId").asString())
                .as("the run detail names the same snapshot")
                .isEqualTo(second.path("snapshotId").asString());
        assertThat(run.path("snapshotIdText").asString())
                .isEqualTo(second.path("snapshotId").asString());

        JsonNode cut =
                admin().get("/api/v1/insights/pipelines/iceshape/table?limit=1").json();
        assertThat(cut.path("snapshots")).hasSize(1);
        assertThat(cut.path("snapshots").get(0).path("runId").asLong()).isEqualTo(evolved);
        assertThat(cut.path("snapshotsCut").asBoolean()).isTrue();
    }

    @Test
    void aParquetTableAnswersFromTheReports() {
        JsonNode table = admin().get("/api/v1/insights/pipelines/shape/table").json();

        assertThat(table.path("source").asString()).isEqualTo("reports");
        assertThat(table.path("snapshots")).isEmpty();
    }
}
