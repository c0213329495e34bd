package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The REST API's shape and errors, against the shared embedded instance. */
class ApiIT extends ApiTestApp {

    @Test
    void errorsAreProblemDetailsThatNameTheFieldOrTheId() {
        Http.Answer unknownRun = admin().get("/api/v1/runs/987654321");
        assertThat(unknownRun.status()).isEqualTo(404);
        assertThat(unknownRun.headers().getContentType()).hasToString("application/problem+json");
        assertThat(unknownRun.json().path("detail").asString()).isEqualTo("no run 987654321");

        Http.Answer badStatus = admin().get("/api/v1/runs?status=DONE");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().path("detail").asString())
                .isEqualTo(
                        "status: 'DONE' is not one of QUEUED, STARTING, RUNNING, SUCCEEDED, PARTIALLY_SUCCEEDED, FAILED, TIMEOUT, STOPPED");

        Http.Answer badLimit = admin().get("/api/v1/files?limit=501");
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.json().path("detail").asString()).startsWith("limit:");

        Http.Answer badTime = admin().get("/api/v1/runs?since=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.json().path("detail").asString())
                .startsWith("since: 'yesterday' is not an ISO-8601 instant");

        Http.Answer unknownPipeline = admin().get("/api/v1/pipelines/nope");
        assertThat(unknownPipeline.status()).isEqualTo(404);
        assertThat(unknownPipeline.json().path("detail").asString()).isEqualTo("no pipeline 'nope'");

        Http.Answer badJson = admin().postJson("/api/v1/tokens", "{\"name\": ");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.headers().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void retryingARunThatSucceededIsAConflict() {
        JsonNode run = runOf("default", unique("fine") + ".csv", "id,amount\n1,2.5\n", "SUCCEEDED");

        Http.Answer retry = admin().post("/api/v1/runs/" + run.path("id").asLong() + "/retry");

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().path("detail").asString()).contains("SUCCEEDED");
        assertThat(run.path("terminal").asBoolean())
                .as("the server says the run is final")
                .isTrue();
        assertThat(run.path("actions").isArray()).isTrue();
        assertThat(run.path("actions")).as("a succeeded run offers no retry").isEmpty();
    }

    @Test
    void runDetailKeepsItsShapeAndHasNoCostOrLogsLinkInEmbeddedMode() {
        JsonNode run = runOf("default", unique("detail") + ".csv", "id,amount\n1,2.5\n2,3\n", "SUCCEEDED");

        JsonNode detail = admin().get("/api/v1/runs/" + run.path("id").asLong()).json();

        assertThat(detail.path("run").path("rows").path("written").asLong()).isEqualTo(2);
        assertThat(detail.path("files")).hasSize(1);
        assertThat(detail.path("attempts")).hasSize(1);
        assertThat(detail.path("transitions").size()).isGreaterThanOrEqualTo(3);
        assertThat(detail.path("cost").isNull()).isTrue();
        assertThat(detail.path("logsUrl").isNull()).isTrue();
    }

    @Test
    void filesAreListedNewestFirstWithFiltersAndCursorPagination() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = unique("page" + i) + ".csv";
            names.add(name);
            assertThat(admin().upload("broken", name, ("id\n" + i + "\n").getBytes())
                            .status())
                    .isEqualTo(202);
        }

        JsonNode first = admin().get("/api/v1/files?pipeline=broken&limit=2").json();
        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("items").get(0).path("key").asString()).isEqualTo(names.get(2));
        assertThat(first.path("items").get(1).path("key").asString()).isEqualTo(names.get(1));
        String cursor = first.path("nextCursor").asString();
        JsonNode second = admin().get("/api/v1/files?pipeline=broken&limit=2&cursor=" + cursor)
                .json();
        assertThat(second.path("items").get(0).path("key").asString()).isEqualTo(names.get(0));
        assertThat(second.path("items"))
                .allSatisfy(f -> assertThat(f.path("pipeline").asString()).isEqualTo("broken"));

        JsonNode pending = admin().get("/api/v1/files?status=TOO_LARGE").json();
        assertThat(pending.path("items")).isEmpty();
        assertThat(pending.path("nextCursor").isNull()).isTrue();
    }

    @Test
    void runsAreFilteredByPipelineStatusAndTimeRange() {
        java.time.Instant before = java.time.Instant.now();
        long failed = failedRun().path("id").asLong();
        long succeeded = runOf("default", unique("filtered") + ".csv", "id\n1\n", "SUCCEEDED")
                .path("id")
                .asLong();

        JsonNode brokenFailed = admin().get("/api/v1/runs?pipeline=broken&status=FAILED&since=" + before)
                .json();
        assertThat(brokenFailed.findValues("id")).extracting(JsonNode::asLong).contains(failed);
        assertThat(brokenFailed.path("items")).allSatisfy(r -> {
            assertThat(r.path("pipeline").asString()).isEqualTo("broken");
            assertThat(r.path("status").asString()).isEqualTo("FAILED");
            assertThat(r.path("terminal").asBoolean()).isTrue();
            assertThat(r.path("actions")).extracting(JsonNode::asString).containsExactly("retry");
        });
        JsonNode beforeThem = admin().get("/api/v1/runs?until=" + before).json();
        assertThat(beforeThem.findValues("id")).extracting(JsonNode::asLong).doesNotContain(failed, succeeded);
    }

    @Test
    void aPipelineSummarisesItsLastDayWithTheLastError() {

        long failed = failedRun().path("id").asLong();

        JsonNode broken = admin().get("/api/v1/pipelines/broken").json();

        assertThat(broken.path("name").asString()).isEqualTo("broken");
        assertThat(broken.path("settings").path("input").path("bucket").asString())
                .isEqualTo("broken-in");
        assertThat(broken.path("settings").path("retryMaxAttempts").asInt()).isEqualTo(1);
        JsonNode status = broken.path("status");
        assertThat(status.path("runsLast24h").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(status.path("failuresLast24h").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(status.path("lastError").path("message").asString()).contains("cannot write under");
        assertThat(status.path("lastRun").path("id").asLong()).isGreaterThanOrEqualTo(failed);
        assertThat(status.path("glueCostLast24h").isNull()).isTrue();

        JsonNode all = admin().get("/api/v1/pipelines").json();
        assertThat(all.findValuesAsString("name")).contains("broken", "default", "flaky");
    }

    @Test
    void environmentsShowEachStackWithoutSecrets() {
        Http.Answer answer = admin().get("/api/v1/environments");

        assertThat(answer.status()).isEqualTo(200);
        JsonNode prod = null;
        for (JsonNode environment : answer.json()) {
            if (environment.path("name").asString().equals("prod")) {
                prod = environment;
            }
        }
        assertThat(prod).as(answer.body()).isNotNull();
        assertThat(prod.path("accountId").asString()).isEqualTo("444444444444");
        assertThat(prod.path("requiresApproval").asBoolean()).isTrue();
        assertThat(prod.path("stacks").findValuesAsString("stackName"))
                .containsExactly("sluice-prod-infrastructure", "sluice-prod-application");
        assertThat(prod.path("stacks").findValuesAsString("status"))
                .allSatisfy(status -> assertThat(status).isNotEqualTo("UNKNOWN"));
        assertThat(answer.body()).doesNotContain("external-id").doesNotContain("sluice-deployer");

        assertThat(admin().get("/api/v1/environments/prod").json().path("name").asString())
                .isEqualTo("prod");
        assertThat(admin().get("/api/v1/environments/staging").status()).isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesTheApiWithBearerAuthAndProblems() {
        JsonNode doc = anonymous().get("/v3/api-docs").json();

        assertThat(doc.path("openapi").asString()).startsWith("3.");
        assertThat(doc.path("paths").propertyNames())
                .contains(
                        "/api/v1/pipelines",
                        "/api/v1/pipelines/{name}",
                        "/api/v1/runs",
                        "/api/v1/runs/{id}",
                        "/api/v1/runs/{id}/retry",
                        "/api/v1/files",
                        "/api/v1/tokens",
                        "/api/v1/audit",
                        "/api/v1/me",
                        "/api/v1/environments",
                        "/api/v1/deployments");
        assertThat(doc.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        JsonNode retry = doc.path("paths").path("/api/v1/runs/{id}/retry").path("post");
        assertThat(retry.path("tags").get(0).asString()).isEqualTo("runs");
        assertThat(retry.path("responses").propertyNames()).contains("202", "401", "403", "404", "409");
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("Run")
                        .path("properties")
                        .path("errorMessage")
                        .path("type")
                        .toString())
                .as("values that may be null are documented so")
                .contains("null");
        assertThat(anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
