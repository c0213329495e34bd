package dev.sluice.controlplane.releases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.deploy.TestCallers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The release API as CI, approvers and viewers call it, each with a JWT carrying only their roles. */
final class ReleaseClient {

    record Response(int status, String contentType, JsonNode body) {}

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final URI base;

    ReleaseClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    Response post(String path, String body, String user, String... roles) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json")
                .header("Authorization", TestCallers.bearer(user, roles))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    /** multipart/form-data: the JSON request as part {@code release}, then files by part name. */
    Response postMultipart(String path, String release, Map<String, byte[]> files, String user, String... roles) {
        String boundary = "sluice-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"release\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + release + "\r\n");
        files.forEach((name, content) -> {
            write(
                    body,
                    "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
                            + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
            body.writeBytes(content);
            write(body, "\r\n");
        });
        write(body, "--" + boundary + "--\r\n");
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", TestCallers.bearer(user, roles))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    Response get(String path, String... roles) {
        return send(HttpRequest.newBuilder(base.resolve(path))
                .header(
                        "Authorization",
                        TestCallers.bearer("viewer", roles.length == 0 ? new String[] {"VIEWER"} : roles))
                .GET()
                .build());
    }

    JsonNode release(String id) {
        Response response = get("/api/v1/releases/" + id);
        assertThat(response.status())
                .as("GET release %s: %s", id, response.body())
                .isEqualTo(200);
        return response.body();
    }

    /** Waits until the release detail satisfies {@code condition}; fails at once if the release ends otherwise. */
    JsonNode await(String id, String what, Predicate<JsonNode> condition) {
        return Awaitility.await("release " + id + ": " + what)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> release(id), detail -> {
                    if (condition.test(detail)) {
                        return true;
                    }
                    String status = detail.get("release").get("status").asString();
                    if (!status.equals("RUNNING")) {
                        throw new AssertionError(
                                "release " + id + " ended " + status + " before " + what + ": " + detail);
                    }
                    return false;
                });
    }

    JsonNode awaitStage(String id, String environment, String status) {
        return await(
                id, environment + " " + status, d -> stageStatus(d, environment).equals(status));
    }

    JsonNode awaitEnd(String id, String status) {
        return Awaitility.await("release " + id + " " + status)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> release(id),
                        d -> !d.get("release").get("status").asString().equals("RUNNING"));
    }

    static JsonNode stage(JsonNode detail, String environment) {
        for (JsonNode stage : detail.get("release").get("stages")) {
            if (stage.get("environment").asString().equals(environment)) {
                return stage;
            }
        }
        throw new AssertionError("no stage " + environment + " in " + detail);
    }

    static String stageStatus(JsonNode detail, String environment) {
        return stage(detail, environment).get("status").asString();
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            return new Response(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
