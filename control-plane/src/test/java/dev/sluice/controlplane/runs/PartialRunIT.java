package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A run whose job ends but some of whose files could not be converted says so everywhere. */
class PartialRunIT extends ApiTestApp {

    @Autowired
    PrometheusMeterRegistry meters;

    @Test
    void aRunOfThirteenFilesWithSixBadOnesIsPartiallySucceededInTheApiMetricsAndErrorMessage() {
        double partial = finished("PARTIALLY_SUCCEEDED");
        double succeeded = finished("SUCCEEDED");
        String tag = unique("mixed");
        List<String> bad = List.of(
                tag + "-1-blank-lines.csv",
                tag + "-2-binary.csv",
                tag + "-3-too-wide.csv",
                tag + "-4-mostly-rejected.csv",
                tag + "-5-blank-lines-again.csv",
                tag + "-6-binary-again.csv");
        List<byte[]> badContent = List.of(
                "\n\n\n".getBytes(),
                new byte[] {0, 1, 2, 3, (byte) 0xff, 0, 0, 7, 0, 9},
                (String.join(
                                        ",",
                                        IntStream.range(0, 5_000)
                                                .mapToObj(i -> "c" + i)
                                                .toList()) + "\n")
                        .getBytes(),
                ("id,name\n1\n2\n3\n4,x\n" + tag).getBytes(),
                "\r\n\r\n\n\n\n\n".getBytes(),
                new byte[] {0, 0, 0, 1, (byte) 0xfe, 0, 42, 0, 0, 1});
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            boolean isBad = i % 2 == 1 && i / 2 < bad.size();
            String name = isBad ? bad.get(i / 2) : tag + "-good-" + i + ".csv";
            byte[] content = isBad ? badContent.get(i / 2) : ("id,name\n" + i + "," + tag + "\n").getBytes();
            Http.Answer uploaded = admin().upload("batch13", name, content);
            assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
            names.add(name);
        }
        assertThat(names).containsAll(bad).hasSize(13);

        long runId = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> runIdOf(names.get(0)), id -> id > 0);
        JsonNode run = awaitRun(runId, "PARTIALLY_SUCCEEDED");

        assertThat(run.path("fileCount").asInt()).isEqualTo(13);
        String error = run.path("errorMessage").asString();
        assertThat(error).startsWith("6 of 13 files could not be converted: ").contains("and 3 more");
        assertThat(error).contains(bad.get(0)).contains("only blank lines");

        JsonNode detail = admin().get("/api/v1/runs/" + runId).json();
        List<JsonNode> files =
                StreamSupport.stream(detail.path("files").spliterator(), false).toList();
        assertThat(files).hasSize(13);
        assertThat(files)
                .filteredOn(f -> f.path("status").asString().equals("FAILED"))
                .extracting(f -> f.path("key").asString())
                .containsExactlyInAnyOrderElementsOf(bad);
        assertThat(files)
                .filteredOn(f -> f.path("key").asString().equals(bad.get(2)))
                .singleElement()
                .satisfies(f -> assertThat(f.path("errorMessage").asString())
                        .contains("the header has 5,000 columns, more than the limit of 4,096 columns"));
        assertThat(files)
                .filteredOn(f -> f.path("status").asString().equals("PROCESSED"))
                .hasSize(7);

        JsonNode listed = admin().get("/api/v1/runs?pipeline=batch13&status=PARTIALLY_SUCCEEDED")
                .json()
                .path("items");
        assertThat(StreamSupport.stream(listed.spliterator(), false)
                        .map(r -> r.path("id").asLong()))
                .contains(runId);

        assertThat(admin().get("/api/v1/pipelines/batch13")
                        .json()
                        .path("status")
                        .path("rowsWrittenLast24h")
                        .asLong())
                .as("the rows of the files that were converted count")
                .isGreaterThanOrEqualTo(7);

        assertThat(finished("PARTIALLY_SUCCEEDED") - partial).isEqualTo(1);
        assertThat(finished("SUCCEEDED") - succeeded)
                .as("not also counted as a success")
                .isZero();
        assertThat(admin().get("/actuator/prometheus").body())
                .contains("sluice_runs_finished_total{application=\"sluice\",environment=\"local\","
                        + "pipeline=\"batch13\",status=\"PARTIALLY_SUCCEEDED\"} 1.0");
    }

    private double finished(String status) {
        Counter counter = meters.find("sluice.runs.finished")
                .tags("pipeline", "batch13", "status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private long runIdOf(String fileName) {
        JsonNode files =
                admin().get("/api/v1/files?pipeline=batch13&limit=500").json().path("items");
        for (JsonNode file : files) {
            if (file.path("key").asString().equals(fileName) && file.hasNonNull("runId")) {
                return file.path("runId").asLong();
            }
        }
        return -1;
    }
}
