package dev.sluice.controlplane.insights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's read APIs against the shared embedded Sluice (H2), with data made by real runs:
 * a CSV that converts and one of the {@code broken} pipeline that fails.
 */
class InsightsApiIT extends ApiTestApp {

    @Test
    void theSeriesCountTheFilesRunsAndRowsOfRealRuns() {
        JsonNode before = series("1h", "default");
        JsonNode brokenBefore = series("1h", "broken");
        runOf("default", unique("series") + ".csv", "id,amount\n1,2.5\n2,3.5\n3,4.5\n", "SUCCEEDED");
        failedRun();

        JsonNode after = series("1h", "default");
        assertThat(after.path("window").asString()).isEqualTo("1h");
        assertThat(after.path("bucketSeconds").asLong()).isEqualTo(300);
        assertThat(after.path("buckets")).hasSize(12);
        JsonNode s = after.path("pipelines").get(0);
        assertThat(s.path("pipeline").asString()).isEqualTo("default");
        assertThat(s.path("filesReceived")).hasSize(12);
        assertThat(sum(s.path("filesReceived"))
                        - sum(before.path("pipelines").get(0).path("filesReceived")))
                .isEqualTo(1);
        assertThat(sum(s.path("runsByStatus").path("SUCCEEDED"))
                        - sum(before.path("pipelines")
                                .get(0)
                                .path("runsByStatus")
                                .path("SUCCEEDED")))
                .isEqualTo(1);
        assertThat(sum(s.path("rowsWritten"))
                        - sum(before.path("pipelines").get(0).path("rowsWritten")))
                .isEqualTo(3);
        assertThat(values(s.path("durationP50Seconds")))
                .anySatisfy(v -> assertThat(v).isGreaterThan(0));
        assertThat(values(s.path("queueLagP95Seconds")))
                .anySatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0));
        assertThat(s.path("glueCost"))
                .as("embedded runs report no DPU-seconds")
                .allSatisfy(c -> assertThat(c.isNull()).isTrue());

        JsonNode broken = series("1h", "broken").path("pipelines").get(0);
        assertThat(sum(broken.path("runsByStatus").path("FAILED"))
                        - sum(brokenBefore
                                .path("pipelines")
                                .get(0)
                                .path("runsByStatus")
                                .path("FAILED")))
                .isEqualTo(1);

        JsonNode all = admin().get("/api/v1/insights/series?window=30d").json();
        assertThat(all.path("buckets")).hasSize(30);
        assertThat(names(all.path("pipelines"))).contains("broken", "default", "flaky");
    }

    @Test
    void aWindowOrPipelineThatDoesNotExistIsABadRequestThatNamesIt() {
        Http.Answer window = admin().get("/api/v1/insights/series?window=2w");
        assertThat(window.status()).isEqualTo(400);
        assertThat(window.headers().getContentType().toString()).isEqualTo("application/problem+json");
        assertThat(window.json().path("detail").asString()).contains("'2w'").contains("1h, 24h, 7d, 30d");
        Http.Answer pipeline = admin().get("/api/v1/insights/series?pipeline=nope");
        assertThat(pipeline.status()).isEqualTo(400);
        assertThat(pipeline.json().path("detail").asString()).contains("'nope'");
        assertThat(anonymous().get("/api/v1/insights/series").status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentSaysThatAnEmptyBucketsPercentileIsNull() {
        JsonNode schema = admin().get("/v3/api-docs")
                .json()
                .path("components")
                .path("schemas")
                .path("PipelineSeries")
                .path("properties");
        assertThat(schema.path("durationP95Seconds").path("items").path("type").toString())
                .contains("number")
                .contains("null");
        assertThat(schema.path("runsByStatus")
                        .path("additionalProperties")
                        .path("type")
                        .toString())
                .contains("array");
    }

    /** Two bad rows among 22: under the default 10 % reject ratio, so the file converts with its rejects. */
    static final String WITH_BAD_ROWS =
            "id,name\n1,a\n2,b,extra\n3,\"<img src=x onerror=alert(1)>\",more\n4,d\n" + "5,e\n".repeat(18);

    @Test
    void theRejectedRowsOfARunComePagedAndAsTheCsvTheJobWrote() {
        String name = unique("rejects") + ".csv";
        long runId =
                runOf("default", name, WITH_BAD_ROWS, "SUCCEEDED").path("id").asLong();
        String path = "/api/v1/insights/runs/" + runId + "/rejects";

        JsonNode first = admin().get(path + "?file=0&limit=1").json();
        assertThat(first.path("uri").asString()).endsWith(name);
        assertThat(first.path("rows")).hasSize(1);
        assertThat(first.path("rows").get(0).path("line").asLong()).isEqualTo(3);
        assertThat(first.path("rows").get(0).path("raw").asString()).isEqualTo("2,b,extra");
        assertThat(first.path("nextCursor").isNull()).isFalse();

        JsonNode second = admin().get(path + "?file=0&limit=50&cursor="
                        + first.path("nextCursor").asLong())
                .json();
        assertThat(second.path("rows")).hasSize(1);
        assertThat(second.path("rows").get(0).path("line").asLong()).isEqualTo(4);
        assertThat(second.path("rows").get(0).path("raw").asString())
                .isEqualTo("3,\"<img src=x onerror=alert(1)>\",more");
        assertThat(second.path("rows").get(0).path("reason").asString()).isNotBlank();
        assertThat(second.path("nextCursor").isNull()).isTrue();

        Http.Answer csv = admin().get(path + "/download?file=0", java.util.Map.of("Accept", "text/csv"));
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.headers().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.headers().getFirst("Content-Disposition")).contains("rejects-run-" + runId + "-file-0.csv");
        assertThat(csv.body())
                .startsWith("line,column,reason,raw\n")
                .contains("\"3,\"\"<img src=x onerror=alert(1)>\"\",more\"");

        Http.Answer noSuchFile = admin().get(path + "?file=7");
        assertThat(noSuchFile.status()).isEqualTo(400);
        assertThat(noSuchFile.json().path("detail").asString())
                .contains("has 1 files")
                .contains("not 7");
        assertThat(admin().get("/api/v1/insights/runs/999999999/rejects").status())
                .isEqualTo(404);
        assertThat(admin().get(path + "?limit=0").status()).isEqualTo(400);
    }

    @Test
    void aFileIsFoundByAFragmentOfItsKeyWithItsRunAndPlaceInIt() {
        String marker = unique("Findme");
        String name = "inbox/" + marker + "-orders.csv";
        long runId = runOf("default", marker + "-orders.csv", "id\n1\n", "SUCCEEDED")
                .path("id")
                .asLong();

        JsonNode found = admin().get("/api/v1/insights/files?key=" + marker.toLowerCase())
                .json();
        assertThat(found.path("items")).hasSize(1);
        JsonNode file = found.path("items").get(0);
        assertThat(file.path("key").asString()).endsWith(marker + "-orders.csv");
        assertThat(file.path("pipeline").asString()).isEqualTo("default");
        assertThat(file.path("runId").asLong()).isEqualTo(runId);
        assertThat(file.path("indexInRun").asInt()).isZero();
        assertThat(name).contains(marker);

        assertThat(admin().get("/api/v1/insights/files?key=%25%25").json().path("items"))
                .as("%% matches a literal %%, which no key holds")
                .isEmpty();
        Http.Answer tooShort = admin().get("/api/v1/insights/files?key=a");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().path("detail").asString()).contains("key must be 2 to 1024 characters");
    }

    private JsonNode series(String window, String pipeline) {
        Http.Answer answer = admin().get("/api/v1/insights/series?window=" + window + "&pipeline=" + pipeline);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json();
    }

    static long sum(JsonNode values) {
        long sum = 0;
        for (JsonNode v : values) {
            sum += v.asLong();
        }
        return sum;
    }

    private static List<Double> values(JsonNode values) {
        List<Double> known = new ArrayList<>();
        values.forEach(v -> {
            if (!v.isNull()) {
                known.add(v.asDouble());
            }
        });
        return known;
    }

    private static List<String> names(JsonNode pipelines) {
        List<String> names = new ArrayList<>();
        pipelines.forEach(p -> names.add(p.path("pipeline").asString()));
        return names;
    }
}
