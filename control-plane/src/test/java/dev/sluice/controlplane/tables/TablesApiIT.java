package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The table view and the data preview against the shared embedded Sluice, with real runs of the
 * {@code shape} pipeline: one that creates the table, one that adds a column and writes another
 * in the table's wider type, and one the table refuses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TablesApiIT extends ApiTestApp {

    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    static long created;
    static long widened;
    static long refused;

    @Test
    @Order(1)
    void theTableShowsItsColumnsAndTheRunsThatAddedWidenedOrWereRefused() {
        created = runOf(
                        "shape",
                        unique("first") + ".csv",
                        "id,amount,\"" + HOSTILE + "\",day,at,ok\n"
                                + "12345678901,2.50,<b>bold</b>,2026-11-25,2026-11-25 10:00:00,true\n"
                                + "7,1.25,,2026-11-26,2026-11-26 11:30:15,false\n",
                        "SUCCEEDED")
                .path("id")
                .asLong();
        widened = runOf("shape", unique("second") + ".csv", "id,amount,note\n8,3.75,\n9,4.00,hi\n", "SUCCEEDED")
                .path("id")
                .asLong();
        refused = runOf("shape", unique("third") + ".csv", "id,amount\nx1,1.00\n", "FAILED")
                .path("id")
                .asLong();

        JsonNode table = await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> admin().get("/api/v1/insights/pipelines/shape/table")
                                .json(),
                        t -> t.path("history").size() == 3);

        assertThat(table.path("table").asString()).isEqualTo("sluice.shape");
        assertThat(table.path("nullsFrom").asString()).contains("footers");
        JsonNode columns = table.path("columns");
        assertThat(names(columns)).hasSize(7).startsWith("id", "amount").endsWith("note");
        JsonNode id = columns.get(0);
        assertThat(id.path("type").asString()).isEqualTo("bigint");
        assertThat(id.path("header").asString()).isEqualTo("id");
        assertThat(id.path("addedByRun").asLong()).isEqualTo(created);
        assertThat(id.path("nullsSeen").asLong()).isZero();
        JsonNode hostile = columns.get(2);
        assertThat(hostile.path("header").asString()).isEqualTo(HOSTILE);
        assertThat(hostile.path("nullsSeen").asLong())
                .as("the empty field of run 1")
                .isEqualTo(1);
        JsonNode note = columns.get(6);
        assertThat(note.path("nullsSeen").asLong()).isEqualTo(1);
        assertThat(note.path("addedByRun").asLong()).isEqualTo(widened);

        JsonNode history = table.path("history");
        JsonNode third = history.get(0);
        assertThat(third.path("runId").asLong()).isEqualTo(refused);
        assertThat(third.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(third.path("status").asString()).isEqualTo("FAILED");
        assertThat(third.path("conflicts").get(0).path("column").asString()).isEqualTo("id");
        assertThat(third.path("conflicts").get(0).path("tableType").asString()).isEqualTo("bigint");
        assertThat(third.path("conflicts").get(0).path("batchType").asString()).isEqualTo("string");
        assertThat(third.path("refusal").asString())
                .contains("column 'id' is bigint in the table, this batch needs string");
        JsonNode second = history.get(1);
        assertThat(second.path("runId").asLong()).isEqualTo(widened);
        assertThat(names(second.path("added"))).containsExactly("note");
        assertThat(second.path("widened").get(0).path("column").asString()).isEqualTo("id");
        assertThat(second.path("widened").get(0).path("type").asString()).isEqualTo("bigint");
        assertThat(second.path("widened").size())
                .as("amount: decimal(3,2) in both")
                .isEqualTo(1);
        JsonNode first = history.get(2);
        assertThat(first.path("tableCreated").asBoolean()).isTrue();
        assertThat(first.path("added").size()).isEqualTo(6);

        JsonNode page = admin().get("/api/v1/insights/pipelines/shape/table?limit=1&before=" + refused)
                .json();
        assertThat(page.path("history").get(0).path("runId").asLong()).isEqualTo(widened);
        assertThat(page.path("nextBefore").asLong()).isEqualTo(widened);
    }

    @Test
    @Order(2)
    void thePreviewShowsTheFirstRowsTypedAsAthenaShowsThem() {
        JsonNode preview =
                admin().get("/api/v1/insights/runs/" + created + "/preview").json();

        assertThat(preview.path("table").asString()).isEqualTo("sluice.shape");
        List<String> types = new ArrayList<>();
        preview.path("columns")
                .forEach(c -> types.add(
                        c.path("name").asString() + " " + c.path("type").asString()));
        assertThat(types.subList(0, 6))
                .containsExactly(
                        "id bigint",
                        "amount decimal(3,2)",
                        preview.path("columns").get(2).path("name").asString() + " string",
                        "day date",
                        "at timestamp",
                        "ok boolean");
        assertThat(types).contains("processed_at timestamp", "source_file string");
        JsonNode rows = preview.path("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get(0).asString()).isEqualTo("12345678901");
        assertThat(rows.get(0).get(1).asString()).isEqualTo("2.50");
        assertThat(rows.get(0).get(2).asString()).isEqualTo("<b>bold</b>");
        assertThat(rows.get(0).get(3).asString()).isEqualTo("2026-11-25");
        assertThat(rows.get(0).get(4).asString()).isEqualTo("2026-11-25T10:00:00.000");
        assertThat(rows.get(0).get(5).asString()).isEqualTo("true");
        assertThat(rows.get(1).get(2).isNull())
                .as("an empty field is null, not \"\"")
                .isTrue();
        assertThat(rows.get(1).get(5).asString()).isEqualTo("false");
        assertThat(preview.path("more").asBoolean()).isFalse();
        assertThat(preview.path("files").get(0).asString()).endsWith(".parquet");

        JsonNode one = admin().get("/api/v1/insights/runs/" + created + "/preview?rows=1")
                .json();
        assertThat(one.path("rows")).hasSize(1);
        assertThat(one.path("more").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void aPreviewThatCannotBeAnsweredIsAProblemThatSaysWhy() throws IOException {
        Http.Answer refusedRun = admin().get("/api/v1/insights/runs/" + refused + "/preview");
        assertThat(refusedRun.status()).isEqualTo(404);
        assertThat(refusedRun.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(refusedRun.json().path("type").asString())
                .isEqualTo("https://sluice.dev/problems/preview-unavailable");
        assertThat(refusedRun.json().path("detail").asString())
                .contains("wrote no Parquet")
                .contains("bigint");

        assertThat(admin().get("/api/v1/insights/runs/999999999/preview").status())
                .isEqualTo(404);
        Http.Answer tooMany = admin().get("/api/v1/insights/runs/" + created + "/preview?rows=100000");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("detail").asString()).contains("rows must be between 1 and 500");
        assertThat(anonymous()
                        .get("/api/v1/insights/runs/" + created + "/preview")
                        .status())
                .isEqualTo(401);

        Path parquet = Path.of(java.net.URI.create(admin().get("/api/v1/insights/runs/" + widened + "/preview")
                .json()
                .path("files")
                .get(0)
                .asString()));
        Files.writeString(parquet, "not parquet at all, though long enough to have a footer");
        Http.Answer corrupt = admin().get("/api/v1/insights/runs/" + widened + "/preview");
        assertThat(corrupt.status()).as(corrupt.toString()).isEqualTo(422);
        assertThat(corrupt.json().path("type").asString()).isEqualTo("https://sluice.dev/problems/unreadable-parquet");
        assertThat(corrupt.json().path("detail").asString())
                .contains(parquet.getFileName().toString());

        Files.delete(parquet);
        Http.Answer missing = admin().get("/api/v1/insights/runs/" + widened + "/preview");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("detail").asString()).contains("is missing");
    }

    @Test
    @Order(4)
    void aLongValueIsCutWithAMarkerAndSaysHowLongItWas() {
        long run = runOf(
                        "shape",
                        unique("long") + ".csv",
                        "id,amount,note\n10,1.00," + "x".repeat(600) + "\n",
                        "SUCCEEDED")
                .path("id")
                .asLong();

        JsonNode preview =
                admin().get("/api/v1/insights/runs/" + run + "/preview").json();

        String note = preview.path("rows").get(0).get(2).asString();
        assertThat(note).hasSize(501).startsWith("xxx").endsWith("…");
        JsonNode cut = preview.path("truncated").get(0);
        assertThat(cut.path("row").asInt()).isZero();
        assertThat(cut.path("column").asInt()).isEqualTo(2);
        assertThat(cut.path("length").asInt()).isEqualTo(600);
        assertThat(preview.path("notes").get(0).asString()).contains("longer than 500 characters are cut");
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TableRecorder recorder;

    @Test
    @Order(5)
    void aRunWhoseRecordingWasLostIsCaughtUpFromItsReport() {
        // As if the replica had stopped between storing the run's outcome and recording it.
        jdbc.sql("DELETE FROM table_run_column WHERE run_id = ?").param(refused).update();
        jdbc.sql("DELETE FROM table_run WHERE run_id = ?").param(refused).update();
        assertThat(history().get(0).path("runId").asLong()).isNotEqualTo(refused);

        recorder.catchUp("shape");

        JsonNode back = history().stream()
                .filter(c -> c.path("runId").asLong() == refused)
                .findFirst()
                .orElseThrow();
        assertThat(back.path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(back.path("conflicts").get(0).path("batchType").asString()).isEqualTo("string");
    }

    private List<JsonNode> history() {
        List<JsonNode> changes = new ArrayList<>();
        admin().get("/api/v1/insights/pipelines/shape/table")
                .json()
                .path("history")
                .forEach(changes::add);
        return changes;
    }

    private static List<String> names(JsonNode columns) {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(
                c.has("name") ? c.path("name").asString() : c.path("column").asString()));
        return names;
    }
}
