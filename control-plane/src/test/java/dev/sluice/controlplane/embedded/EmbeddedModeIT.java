package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.runs.RunStatus;
import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Parquet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Embedded defaults (H2, a directory as object store, the local executor) in one process: the
 * instance the API tests share, called with the bootstrap token as {@code SLUICE_BOOTSTRAP_TOKEN}
 * would set it.
 */
class EmbeddedModeIT extends ApiTestApp {

    static final Path home = HOME;

    @Autowired
    FileArrivals arrivals;

    @Autowired
    RunService runs;

    @Test
    void aFileDroppedIntoTheInputDirectoryIsConvertedOnce() throws Exception {
        Path input = Files.createDirectories(home.resolve("input/drops"));
        Files.writeString(input.resolve("readings.csv"), "sensor;value\nA;1.5\nB;2.25\n");

        RecordedFile file = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> find("drops/readings.csv").filter(f -> f.status() == FileStatus.PROCESSED),
                        Optional::isPresent)
                .orElseThrow();
        Run run = runs.find(file.runId()).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        // the run may batch files of other tests too: count this file's rows in the Parquet
        var rows = Parquet.rows(home.resolve("output/uploads/*/*.parquet")).stream()
                .filter(r -> r.get("source_file").toString().endsWith("/input/drops/readings.csv"))
                .toList();
        assertThat(rows).hasSize(2);
        assertThat(rows).extracting(r -> r.get("sensor")).containsExactlyInAnyOrder("A", "B");
        assertThat(arrivals.recent(1000))
                .filteredOn(f -> f.key().equals("drops/readings.csv"))
                .hasSize(1);
    }

    @Test
    void theSameContentUploadedTwiceIsRecordedOnce() {
        byte[] content = "id,name\n1,x\n".getBytes();
        String first = upload("twice.csv", content);
        String second = upload("twice.csv", content);

        assertThat(first).contains("\"duplicate\":false");
        assertThat(second).contains("\"duplicate\":true");
        assertThat(arrivals.recent(1000))
                .filteredOn(f -> f.key().equals("twice.csv"))
                .hasSize(1);
    }

    @Test
    void anUploadThePipelineDoesNotTakeIsRefusedNamingTheField() {
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("file", named("notes.txt", "hello".getBytes()));
        var response = client().post()
                .uri("/api/v1/files")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .exchange((request, r) -> new Object[] {r.getStatusCode(), r.bodyTo(String.class)});

        assertThat((HttpStatusCode) response[0]).isEqualTo(HttpStatusCode.valueOf(400));
        assertThat((String) response[1]).contains("file").contains(".csv");
    }

    private String upload(String name, byte[] content) {
        var form = new LinkedMultiValueMap<String, Object>();
        form.add("file", named(name, content));
        return client().post()
                .uri("/api/v1/files")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .retrieve()
                .body(String.class);
    }

    private static ByteArrayResource named(String name, byte[] content) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private RestClient client() {
        return RestClient.builder()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
                .build();
    }

    private Optional<RecordedFile> find(String key) {
        return arrivals.recent(1000).stream().filter(f -> f.key().equals(key)).findFirst();
    }
}
