package dev.sluice.controlplane.support;

import java.util.Map;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A caller of Sluice's HTTP API that keeps every answer, errors included, for assertions. */
public final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient client;
    private final String token;

    private Http(RestClient client, String token) {
        this.client = client;
        this.token = token;
    }

    public static Http to(int port) {
        return new Http(
                RestClient.builder()
                        .baseUrl("http://127.0.0.1:" + port)
                        .defaultStatusHandler(status -> true, (request, response) -> {})
                        .build(),
                null);
    }

    /** The same caller with {@code Authorization: Bearer <token>}. */
    public Http as(String bearerToken) {
        return new Http(client, bearerToken);
    }

    public Answer get(String path) {
        return get(path, Map.of());
    }

    public Answer get(String path, Map<String, String> headers) {
        return answer(client.get()
                .uri(path)
                .headers(h -> prepare(h, headers))
                .retrieve()
                .toEntity(String.class));
    }

    public Answer post(String path) {
        return answer(client.post()
                .uri(path)
                .headers(h -> prepare(h, Map.of()))
                .retrieve()
                .toEntity(String.class));
    }

    public Answer postJson(String path, Object body) {
        return postJson(path, body, Map.of());
    }

    public Answer postJson(String path, Object body, Map<String, String> headers) {
        String json = body instanceof String text ? text : JSON.writeValueAsString(body);
        return answer(client.post()
                .uri(path)
                .headers(h -> prepare(h, headers))
                .contentType(MediaType.APPLICATION_JSON)
                .body(json)
                .retrieve()
                .toEntity(String.class));
    }

    public Answer delete(String path) {
        return answer(client.delete()
                .uri(path)
                .headers(h -> prepare(h, Map.of()))
                .retrieve()
                .toEntity(String.class));
    }

    public Answer upload(String pipeline, String fileName, byte[] content) {
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("file", new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return fileName;
            }
        });
        form.add("pipeline", pipeline);
        return answer(client.post()
                .uri("/api/v1/files")
                .headers(h -> prepare(h, Map.of()))
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .retrieve()
                .toEntity(String.class));
    }

    private void prepare(HttpHeaders headers, Map<String, String> extra) {
        if (token != null) {
            headers.setBearerAuth(token);
        }
        extra.forEach(headers::set);
    }

    private static Answer answer(ResponseEntity<String> response) {
        return new Answer(
                response.getStatusCode().value(),
                response.getHeaders(),
                response.getBody() == null ? "" : response.getBody());
    }

    /** An HTTP answer. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
