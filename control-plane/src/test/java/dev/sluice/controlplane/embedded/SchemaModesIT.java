package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.SluiceApplication;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.Parquet;
import dev.sluice.testsupport.TestDirs;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The three schema modes end to end in embedded mode: files uploaded over HTTP, converted by the
 * embedded executor, the run's outcome and the files' statuses read from the API, the table read
 * back with DuckDB. The instance is its own, because switching a pipeline's mode is a restart with
 * other settings on the same home, as an operator would do it.
 */
class SchemaModesIT {

    static final String TOKEN = "sluice-schema-modes-bootstrap-token-0123";
    static final Duration DEADLINE = Duration.ofSeconds(60);

    static Path home;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws IOException {
        home = TestDirs.temporary("sluice-schema-modes");
        app = start("quarantine");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void evolveAddsANewColumnAndFailsTheRunOfAConflictWithNothingWritten() throws Exception {
        assertThat(status(runOf("evolving", "e1.csv", "id,amount\n1,2.50\n"))).isEqualTo("SUCCEEDED");
        assertThat(status(runOf("evolving", "e2.csv", "id,amount,note\n2,1.25,hello\n")))
                .isEqualTo("SUCCEEDED");

        JsonNode conflict = runOf("evolving", "e3.csv", "id,amount\nx7,1.00\n");

        assertThat(status(conflict)).isEqualTo("FAILED");
        assertThat(conflict.path("attempt").asInt())
                .as("a refusal is not retried")
                .isEqualTo(1);
        assertThat(conflict.path("errorMessage").asString())
                .contains("table sluice.evolving: incompatible type change, nothing was written:"
                        + " column 'id' is int in the table, this batch needs string")
                .contains("e3.csv has 'id' as string");
        Map<Object, Object> notes = byId(rows("evolving"), "note");
        assertThat(notes).containsOnlyKeys(1, 2);
        assertThat(notes.get(2)).isEqualTo("hello");
        assertThat(notes.get(1))
                .as("the column the second file brought, null in the first")
                .isNull();
    }

    @Test
    void freezeFailsTheRunOfAFileThatWouldChangeTheTableNamingTheColumnAndBothTypes() throws Exception {
        assertThat(status(runOf("frozen", "f1.csv", "id,amount\n1,2.50\n"))).isEqualTo("SUCCEEDED");

        JsonNode newColumn = runOf("frozen", "f2.csv", "id,amount,note\n2,1.25,x\n");
        JsonNode widening = runOf("frozen", "f3.csv", "id,amount\n12345678901,1.00\n");

        assertThat(status(newColumn)).isEqualTo("FAILED");
        assertThat(newColumn.path("attempt").asInt())
                .as("a refusal is not retried")
                .isEqualTo(1);
        assertThat(newColumn.path("errorMessage").asString())
                .contains("table sluice.frozen is frozen (schema mode freeze), nothing was written: ")
                .contains("f2.csv: column 'note' is not in the table sluice.frozen, the file has string");
        assertThat(status(widening)).isEqualTo("FAILED");
        assertThat(widening.path("errorMessage").asString())
                .contains("f3.csv: column 'id' is int in the table sluice.frozen, the file has bigint");
        assertThat(byId(rows("frozen"), "amount"))
                .as("only the first file's rows")
                .containsOnlyKeys(1);
        assertThat(file("frozen", "f2.csv").path("status").asString()).isEqualTo("FAILED");
    }

    @Test
    void quarantineSetsAFileAsideAndAReprocessUnderEvolvePublishesIt() throws Exception {
        Http admin = admin();
        for (String[] f : List.of(
                new String[] {"g1.csv", "id,amount\n1,2.50\n"},
                new String[] {"g2.csv", "id,amount,note\n2,1.25,late\n"},
                new String[] {"g3.csv", "id,amount\n3,4.00\n"})) {
            assertThat(admin.upload("guarded", f[0], f[1].getBytes()).status()).isEqualTo(202);
        }
        JsonNode run = awaitEnd(awaitRunId("guarded", "g1.csv"));

        assertThat(status(run)).as("a quarantined file does not fail its run").isEqualTo("PARTIALLY_SUCCEEDED");
        assertThat(run.path("attempt").asInt()).as("nor is it retried").isEqualTo(1);
        assertThat(run.path("errorMessage").asString())
                .startsWith("1 of 3 files could not be converted (1 of them set aside for their schema): ");
        JsonNode setAside = file("guarded", "g2.csv");
        assertThat(setAside.path("status").asString()).isEqualTo("QUARANTINED");
        assertThat(setAside.path("errorMessage").asString())
                .contains("g2.csv: set aside (schema mode quarantine): column 'note' is not in the table"
                        + " sluice.guarded as ")
                .contains("g1.csv of this batch creates it, the file has string");
        JsonNode listed = admin.get("/api/v1/files?pipeline=guarded&status=QUARANTINED")
                .json()
                .path("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("key").asString()).isEqualTo("g2.csv");
        JsonNode detail = admin.get("/api/v1/runs/" + run.path("id").asLong()).json();
        assertThat(StreamSupport.stream(detail.path("files").spliterator(), false)
                        .map(f -> f.path("key").asString() + " "
                                + f.path("status").asString()))
                .containsExactlyInAnyOrder("g1.csv PROCESSED", "g2.csv QUARANTINED", "g3.csv PROCESSED");
        assertThat(byId(rows("guarded"), "amount"))
                .as("the set-aside file's rows are absent")
                .containsOnlyKeys(1, 3);
        assertThat(app.getBean(MeterRegistry.class)
                        .counter("sluice.files.quarantined", "pipeline", "guarded", "environment", "local")
                        .count())
                .isEqualTo(1.0);

        app.close();
        app = start("evolve");
        Http.Answer reprocess = admin().postJson(
                        "/api/v1/pipelines/guarded/reprocess",
                        Map.of("fileIds", List.of(setAside.path("id").asLong())));
        assertThat(reprocess.status()).as(reprocess.toString()).isEqualTo(202);
        JsonNode again = awaitEnd(reprocess.json().path("runIds").get(0).asLong());

        assertThat(status(again)).isEqualTo("SUCCEEDED");
        assertThat(file("guarded", "g2.csv").path("status").asString()).isEqualTo("PROCESSED");
        Map<Object, Object> notes = byId(rows("guarded"), "note");
        assertThat(notes).as("each row once").containsOnlyKeys(1, 2, 3);
        assertThat(notes.get(2)).isEqualTo("late");
        assertThat(rows("guarded")).hasSize(3);
    }

    private static ConfigurableApplicationContext start(String guardedMode) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server.port", "0");
        p.put("sluice.home", home.toString());
        p.put("sluice.security.bootstrap-token", TOKEN);
        p.put("sluice.runs.poll-interval", "300ms");
        p.put("sluice.runs.batch-interval", "200ms");
        p.put("sluice.runs.dispatch-interval", "200ms");
        pipeline(p, "evolving", "evolve", 1);
        pipeline(p, "frozen", "freeze", 1);
        pipeline(p, "guarded", guardedMode, 3);
        return new SpringApplicationBuilder(SluiceApplication.class)
                .run(p.entrySet().stream()
                        .map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
    }

    /** A pipeline of its own table; a run takes {@code files} files, or what arrived in 30 s. */
    private static void pipeline(Map<String, String> p, String name, String mode, int files) {
        String at = "sluice.pipelines." + name + ".";
        p.put(at + "input.bucket", name + "-in");
        p.put(at + "output.bucket", name + "-out");
        p.put(at + "job.name", "sluice-local");
        p.put(at + "job.table", name);
        p.put(at + "schema.mode", mode);
        p.put(at + "batch.max-files", Integer.toString(files));
        p.put(at + "batch.max-wait", files == 1 ? "200ms" : "30s");
        // attempts to spare, so that a refusal's not being retried shows
        p.put(at + "retry.max-attempts", "3");
    }

    private static Http admin() {
        return Http.to(app.getEnvironment().getRequiredProperty("local.server.port", Integer.class))
                .as(TOKEN);
    }

    private static JsonNode runOf(String pipeline, String name, String csv) {
        assertThat(admin().upload(pipeline, name, csv.getBytes()).status()).isEqualTo(202);
        return awaitEnd(awaitRunId(pipeline, name));
    }

    private static long awaitRunId(String pipeline, String name) {
        return await().atMost(DEADLINE)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> {
                            JsonNode f = file(pipeline, name);
                            return f.hasNonNull("runId") ? f.path("runId").asLong() : -1;
                        },
                        id -> id > 0);
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

    private static List<Map<String, Object>> rows(String table) throws SQLException {
        return Parquet.rows(home.resolve(table + "-out/" + table + "/*/*.parquet"));
    }

    /** The rows' {@code column} by their id, DuckDB's reading; an id seen twice fails. */
    private static Map<Object, Object> byId(List<Map<String, Object>> rows, String column) {
        Map<Object, Object> byId = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            Object id = ((Number) row.get("id")).intValue();
            assertThat(byId).as("id " + id + " once").doesNotContainKey(id);
            byId.put(id, row.get(column));
        }
        return byId;
    }
}
