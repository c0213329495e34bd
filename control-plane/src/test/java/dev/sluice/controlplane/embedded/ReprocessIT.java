package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.Parquet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Reprocessing recorded files over HTTP, as an operator would after fixing a pipeline: by key
 * prefix, by received-at range and by id, dry run first; the new runs say what they reprocess and
 * whose output they supersede; what is not finished, or never went to a job, is left out.
 */
class ReprocessIT extends ApiTestApp {

    private static final String CSV = "id,name\n1,a\n2,b\n";

    @Test
    void aPrefixIsReprocessedInNewRunsAfterADryRunThatCreatesNothing() throws Exception {
        String prefix = unique("backfill") + "-";
        JsonNode first = runOf("default", prefix + "1.csv", CSV, "SUCCEEDED");
        JsonNode second = runOf("default", prefix + "2.csv", CSV, "SUCCEEDED");
        // A zero-byte file under the same prefix: recorded, never converted, so never reprocessed.
        assertThat(admin().upload("default", prefix + "empty.csv", new byte[0]).status())
                .isEqualTo(202);
        Http operator = anonymous().as(tokenFor(unique("operator"), "OPERATOR"));
        String path = "/api/v1/pipelines/default/reprocess";

        Http.Answer dry = operator.postJson(path + "?dryRun=true", Map.of("prefix", prefix));
        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        JsonNode plan = dry.json();
        assertThat(plan.path("dryRun").asBoolean()).isTrue();
        assertThat(plan.path("matched").asInt()).isEqualTo(3);
        assertThat(plan.path("files").asInt()).isEqualTo(2);
        assertThat(plan.path("bytes").asLong()).isEqualTo(2L * CSV.length());
        assertThat(plan.path("runs").asInt())
                .as("default takes one file per run")
                .isEqualTo(2);
        assertThat(plan.path("runIds").isEmpty()).isTrue();
        assertThat(texts(plan.path("sample"), "key")).containsExactly(prefix + "1.csv", prefix + "2.csv");
        assertThat(plan.path("supersededRuns").toString())
                .isEqualTo("[" + first.path("id").asLong() + ","
                        + second.path("id").asLong() + "]");
        assertThat(plan.path("skipped").toString()).contains("never sent to a job (EMPTY)");
        assertThat(plan.path("earlierOutput").asString()).contains("removed when each new run publishes, never before");
        assertThat(runIdOfKey(prefix + "1.csv"))
                .as("a dry run moves nothing")
                .isEqualTo(first.path("id").asLong());

        Http.Answer done = operator.postJson(path, Map.of("prefix", prefix));
        assertThat(done.status()).as(done.toString()).isEqualTo(202);
        assertThat(done.json().path("dryRun").asBoolean()).isFalse();
        List<Long> runIds = new ArrayList<>();
        done.json().path("runIds").forEach(id -> runIds.add(id.asLong()));
        assertThat(runIds)
                .hasSize(2)
                .doesNotContain(first.path("id").asLong(), second.path("id").asLong());

        Map<Long, Long> supersededByRun = new HashMap<>();
        for (long runId : runIds) {
            JsonNode run = awaitRun(runId, "SUCCEEDED");
            assertThat(run.path("reprocessOf").asString()).isEqualTo("prefix '" + prefix + "'");
            JsonNode detail = admin().get("/api/v1/runs/" + runId).json();
            assertThat(detail.path("supersedes")).hasSize(1);
            assertThat(detail.path("supersedes").get(0).path("ingestDate").asString())
                    .as("the earlier run's partition")
                    .isEqualTo(first.path("createdAt").asString().substring(0, 10));
            supersededByRun.put(
                    runId, detail.path("supersedes").get(0).path("runId").asLong());
            assertThat(detail.path("transitions").get(0).path("detail").asString())
                    .startsWith("reprocess of 1 files");
            assertThat(detail.path("files").get(0).path("status").asString()).isEqualTo("PROCESSED");
        }
        assertThat(supersededByRun.values())
                .containsExactlyInAnyOrder(
                        first.path("id").asLong(), second.path("id").asLong());
        assertThat(runIdOfKey(prefix + "1.csv")).isIn(runIds);
        JsonNode earlier =
                admin().get("/api/v1/runs/" + first.path("id").asLong()).json();
        assertThat(earlier.path("files"))
                .as("the file moved to the reprocess run")
                .isEmpty();
        assertThat(earlier.path("supersededBy").get(0).path("runId").asLong()).isIn(runIds);

        assertThat(admin().get("/api/v1/audit?limit=500").body()).contains(path);
        assertThat(Parquet.rows(ApiTestApp.HOME.resolve("output/uploads/*/*.parquet")))
                .filteredOn(row -> String.valueOf(row.get("source_file")).contains(prefix))
                .as("the earlier runs' rows of the reprocessed files are gone: each row once, from the new runs")
                .hasSize(4)
                .allSatisfy(row -> assertThat(String.valueOf(row.get("processing_job")))
                        .containsAnyOf(
                                runIds.stream().map(id -> "run-" + id + "-").toArray(String[]::new)));
    }

    @Test
    void aReceivedAtRangeSelectsTheFilesThatArrivedInIt() {
        String name = unique("ranged") + ".csv";
        runOf("default", name, CSV, "SUCCEEDED");
        JsonNode file = fileByKey(name);
        Instant received = Instant.parse(file.path("receivedAt").asString());

        Http.Answer done = admin().postJson(
                        "/api/v1/pipelines/default/reprocess",
                        Map.of(
                                "receivedFrom", received.toString(),
                                "receivedTo", received.plusMillis(1).toString()));

        assertThat(done.status()).as(done.toString()).isEqualTo(202);
        assertThat(texts(done.json().path("sample"), "key")).contains(name);
        long newRun = runIdOfKey(name);
        assertThat(newRun).isNotEqualTo(file.path("runId").asLong());
        assertThat(awaitRun(newRun, "SUCCEEDED").path("reprocessOf").asString()).startsWith("received from ");
    }

    @Test
    void filesNotFinishedAreLeftOutAndTheAnswerSaysWhy() {
        // batch13 waits 20 s for more files: this one stays pending meanwhile.
        String name = unique("waiting") + ".csv";
        assertThat(admin().upload("batch13", name, CSV.getBytes()).status()).isEqualTo(202);
        long id = fileByKey(name).path("id").asLong();

        Http.Answer dry =
                admin().postJson("/api/v1/pipelines/batch13/reprocess?dryRun=true", Map.of("fileIds", List.of(id)));

        assertThat(dry.status()).as(dry.toString()).isEqualTo(200);
        assertThat(dry.json().path("files").asInt()).isZero();
        assertThat(dry.json().path("runs").asInt()).isZero();
        assertThat(dry.json().path("skipped").get(0).path("reason").asString()).contains("PENDING");
        assertThat(dry.json().path("skipped").get(0).path("count").asInt()).isEqualTo(1);
    }

    @Test
    void aFailedRunWhoseFilesWereReprocessedHasNothingLeftToRetry() {
        JsonNode failed = failedRun();
        long fileId = admin().get("/api/v1/runs/" + failed.path("id").asLong())
                .json()
                .path("files")
                .get(0)
                .path("id")
                .asLong();

        Http.Answer done = admin().postJson("/api/v1/pipelines/broken/reprocess", Map.of("fileIds", List.of(fileId)));
        assertThat(done.status()).as(done.toString()).isEqualTo(202);
        assertThat(done.json().path("files").asInt())
                .as("a failed file is reprocessed")
                .isEqualTo(1);
        assertThat(done.json().path("selection").asString()).isEqualTo("file id " + fileId);

        Http.Answer retry = admin().post("/api/v1/runs/" + failed.path("id").asLong() + "/retry");
        assertThat(retry.status()).as(retry.toString()).isEqualTo(409);
        assertThat(retry.json().path("detail").asString())
                .contains("reprocessed by run(s) "
                        + done.json().path("runIds").get(0).asLong());
    }

    @Test
    void aSelectionThatIsNotExactlyOneKindIsRefusedNamingTheField() {
        String path = "/api/v1/pipelines/default/reprocess";
        assertRefused(path, Map.of(), "selection");
        assertRefused(path, Map.of("prefix", "a", "fileIds", List.of(1)), "selection");
        assertRefused(path, Map.of("prefix", " "), "prefix");
        assertRefused(path, Map.of("fileIds", List.of()), "fileIds");
        assertRefused(path, Map.of("fileIds", List.of(987_654_321L)), "fileIds");
        assertRefused(
                path,
                Map.of("fileIds", LongStream.rangeClosed(1, 10_001).boxed().toList()),
                "fileIds");
        assertRefused(path, Map.of("receivedFrom", "2026-11-01T00:00:00Z"), "receivedTo");
        assertRefused(path, Map.of("receivedTo", "2026-11-01T00:00:00Z"), "receivedFrom");
        assertRefused(
                path,
                Map.of("receivedFrom", "2026-11-02T00:00:00Z", "receivedTo", "2026-11-01T00:00:00Z"),
                "receivedTo");

        assertRefused(path, Map.of("prefix", "a\u0000b"), "prefix");
        assertRefused(
                path,
                Map.of("receivedFrom", "2026-11-01T00:00:00Z", "receivedTo", "+100000-01-01T00:00:00Z"),
                "receivedTo");

        Http.Answer unknown = admin().postJson("/api/v1/pipelines/nope/reprocess", Map.of("prefix", "a"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("detail").asString()).contains("nope");
        Http.Answer notJson = admin().postJson(path, "[");
        assertThat(notJson.status()).isEqualTo(400);
    }

    @Test
    void aViewerMayNotReprocessNotEvenADryRun() {
        Http viewer = anonymous().as(tokenFor(unique("viewer"), "VIEWER"));
        String path = "/api/v1/pipelines/default/reprocess";

        assertThat(viewer.postJson(path, Map.of("prefix", "a")).status()).isEqualTo(403);
        assertThat(viewer.postJson(path + "?dryRun=true", Map.of("prefix", "a")).status())
                .isEqualTo(403);
        assertThat(admin().get("/api/v1/audit?outcome=DENIED&limit=500").body()).contains(path);
    }

    private void assertRefused(String path, Object body, String field) {
        Http.Answer answer = admin().postJson(path, body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.headers().getContentType()).hasToString("application/problem+json");
        assertThat(answer.json().path("detail").asString())
                .as(answer.toString())
                .startsWith(field + ":");
    }

    private long runIdOfKey(String key) {
        return fileByKey(key).path("runId").asLong();
    }

    private JsonNode fileByKey(String key) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            for (JsonNode file : admin().get("/api/v1/files?limit=500")
                                    .json()
                                    .path("items")) {
                                if (file.path("key").asString().equals(key)) {
                                    return file;
                                }
                            }
                            return null;
                        },
                        file -> file != null);
    }

    private static List<String> texts(JsonNode items, String field) {
        List<String> found = new ArrayList<>();
        items.forEach(item -> found.add(item.path(field).asString()));
        return found;
    }
}
