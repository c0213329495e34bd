package dev.sluice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error is a problem of Sluice's one type scheme, over the real server: what the firewall and
 * Tomcat refuse before any controller, {@code /error}, body limits, unreadable bodies.
 */
class ProblemAnswersIT extends ApiTestApp {

    private static final String PREFIX = "https://sluice.dev/problems/";
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void firewallAndContainerRejectionsAreProblems() {
        for (String path :
                List.of("/api/v1//runs", "/api/v1/runs;jsessionid=1", "/api/v1/runs%2f1", "/api/v1/runs%00")) {
            Raw answer = send("GET", path, ADMIN_TOKEN, null, null);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.contentType()).as(path).startsWith("application/problem+json");
            JsonNode problem = answer.json();
            assertThat(problem.path("type").asString()).as(path).startsWith(PREFIX);
            assertThat(problem.path("status").asInt()).isEqualTo(400);
            assertThat(problem.path("detail").asString()).as(path).isNotBlank();
        }
    }

    @Test
    void errorCalledDirectlyIsNotFoundNotAServerError() {
        Raw answer = send("GET", "/error", null, null, null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("type").asString()).isEqualTo(PREFIX + "not-found");
    }

    @Test
    void problemsWithoutATypeOfTheirOwnGetTheirStatusTypeNeverAboutBlank() {
        Http.Answer unknownRun = admin().get("/api/v1/runs/987654321");
        assertThat(unknownRun.json().path("type").asString()).isEqualTo(PREFIX + "not-found");
        Http.Answer badStatus = admin().get("/api/v1/runs?status=DONE");
        assertThat(badStatus.json().path("type").asString()).isEqualTo(PREFIX + "bad-request");
        Http.Answer anonymous = anonymous().get("/api/v1/runs");
        assertThat(anonymous.json().path("type").asString()).isEqualTo(PREFIX + "unauthorized");
        Http viewer = anonymous().as(tokenFor(unique("viewer"), "VIEWER"));
        assertThat(viewer.post("/api/v1/runs/1/retry").json().path("type").asString())
                .isEqualTo(PREFIX + "forbidden");
    }

    @Test
    void anUnknownEnvironmentIsOneProblemEverywhere() {
        Http.Answer byPath = admin().get("/api/v1/environments/qa");
        Http.Answer byBody =
                admin().postJson("/api/v1/deployments", Map.of("environment", "qa", "stack", "all", "action", "plan"));
        Http.Answer rollback = admin().post("/api/v1/environments/qa/rollback?track=application");
        for (Http.Answer answer : List.of(byPath, byBody, rollback)) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.json().path("type").asString()).isEqualTo(PREFIX + "unknown-environment");
            assertThat(answer.json().path("detail").asString()).contains("'qa'", "dev, prod");
        }
    }

    @Test
    void anUnknownPipelineIsOneProblemEverywhere() {
        for (Http.Answer answer : List.of(
                admin().get("/api/v1/pipelines/nope"),
                admin().get("/api/v1/pipelines/nope/reconcile"),
                admin().post("/api/v1/pipelines/nope/reconcile"))) {
            assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
            assertThat(answer.json().path("type").asString()).isEqualTo(PREFIX + "unknown-pipeline");
            assertThat(answer.json().path("detail").asString()).isEqualTo("no pipeline 'nope'");
        }
    }

    @Test
    void malformedJsonFromAnOperatorIsABadRequestNotAForbiddenOne() {
        Http operator = anonymous().as(tokenFor(unique("ops"), "OPERATOR"));
        for (String path : List.of("/api/v1/deployments", "/api/v1/deployments/redeploy")) {
            Http.Answer answer = operator.postJson(path, "{\"environment\": ");
            assertThat(answer.status()).as(path + " " + answer).isEqualTo(400);
            assertThat(answer.json().path("type").asString()).isEqualTo(PREFIX + "bad-request");
        }
        // Well-formed, an apply straight away still needs an ADMIN.
        Http.Answer apply = operator.postJson(
                "/api/v1/deployments", Map.of("environment", "dev", "stack", "application", "action", "apply"));
        assertThat(apply.status()).isEqualTo(403);
        assertThat(apply.json().path("detail").asString()).startsWith("role ADMIN is needed");
    }

    @Test
    void anUnknownRoleIsRefusedListingTheValidOnesWithoutJavaNames() {
        Http.Answer answer = admin().postJson("/api/v1/tokens", Map.of("name", unique("x"), "roles", List.of("ROOT")));
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("detail").asString())
                .isEqualTo("roles[0]: 'ROOT' is not one of VIEWER, OPERATOR, APPROVER, RELEASER, ADMIN");
        assertThat(answer.body()).doesNotContain("java.", "dev.sluice", "$");
    }

    @Test
    void everyJsonBodyHasOneSizeLimit() {
        String big = "{\"name\":\"big\",\"roles\":[" + "\"VIEWER\",".repeat(200_000) + "\"VIEWER\"]}";
        assertThat(big.length()).isGreaterThan(1024 * 1024);
        for (String path : List.of("/api/v1/tokens", "/api/v1/deployments", "/api/v1/releases")) {
            Raw declared = send("POST", path, ADMIN_TOKEN, "application/json", big);
            assertThat(declared.status()).as(path).isEqualTo(413);
            assertThat(declared.contentType()).startsWith("application/problem+json");
            assertThat(declared.json().path("type").asString()).isEqualTo(PREFIX + "content-too-large");
            assertThat(declared.json().path("detail").asString()).contains("sluice.api.max-json-body");
        }
        Raw chunked = sendChunked("/api/v1/tokens", ADMIN_TOKEN, big);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.json().path("detail").asString()).contains("sluice.api.max-json-body");
        assertThat(admin().get("/api/v1/tokens").body()).doesNotContain("\"big\"");
    }

    @Test
    void healthWithAStaleOrInvalidTokenAnswersThePublicStatus() {
        for (String token : List.of("sluice_0000000000000000000000000000000000000000000", "not.a.jwt", "garbage")) {
            Http.Answer health = anonymous().as(token).get("/actuator/health");
            assertThat(health.status()).as(token).isEqualTo(200);
            assertThat(health.json().path("status").asString()).isEqualTo("UP");
            assertThat(health.json().has("components")).isFalse();
        }
        assertThat(anonymous().as("garbage").get("/api/v1/runs").status()).isEqualTo(401);
        assertThat(admin().get("/actuator/health").json().has("components"))
                .as("a valid token still sees the components")
                .isTrue();
    }

    @Test
    void runErrorsShowCallersNoServerPaths() throws IOException {
        long runId = failedRun().path("id").asLong();
        Http viewer = anonymous().as(tokenFor(unique("viewer"), "VIEWER"));

        Http.Answer detail = viewer.get("/api/v1/runs/" + runId);
        Http.Answer list = viewer.get("/api/v1/runs?pipeline=broken");
        Http.Answer files = viewer.get("/api/v1/files?pipeline=broken");
        Http.Answer pipeline = viewer.get("/api/v1/pipelines/broken");

        for (Http.Answer answer : List.of(detail, list, files, pipeline)) {
            assertThat(answer.body())
                    .doesNotContain(HOME.toString())
                    .doesNotContain(HOME.toRealPath().toString());
        }
        assertThat(detail.json().path("run").path("errorMessage").asString())
                .as("the path relative to the home still says where")
                .contains("cannot write under broken-out/blocked");
    }

    private Raw send(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Raw(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A body without Content-Length, as a client streaming it would send it. */
    private Raw sendChunked(String path, String token, String body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            try {
                for (int offset = 0; offset < bytes.length; offset += 8192) {
                    int length = Math.min(8192, bytes.length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(bytes, offset, length);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException closedEarly) {
                // The server may answer and close before the whole body is sent: the answer is what counts.
            }
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String rest = response.substring(response.indexOf("\r\n\r\n") + 4);
            String json = head.toLowerCase().contains("transfer-encoding: chunked") ? dechunk(rest) : rest;
            return new Raw(status, head.contains("application/problem+json") ? "application/problem+json" : "", json);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private record Raw(int status, String contentType, String body) {
        JsonNode json() {
            return JsonMapper.shared().readTree(body);
        }
    }
}
