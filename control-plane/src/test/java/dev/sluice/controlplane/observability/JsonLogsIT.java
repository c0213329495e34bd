package dev.sluice.controlplane.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.testsupport.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code SLUICE_LOG_FORMAT=ecs}: one JSON object per line, and the lines about a run or a file
 * carry its id as a field. Embedded mode, a file dropped into the input directory.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "SLUICE_LOG_FORMAT=ecs",
            "logging.level.dev.sluice.controlplane.ingest=debug",
            "sluice.runs.poll-interval=300ms",
            "sluice.runs.batch-interval=200ms",
            "sluice.runs.dispatch-interval=200ms",
            "sluice.ingest.watch-interval=300ms",
            "sluice.pipelines.default.batch.max-wait=300ms",
            "spring.datasource.password=" + JsonLogsIT.DATABASE_PASSWORD,
            "sluice.security.bootstrap-token=" + JsonLogsIT.BOOTSTRAP_TOKEN
        })
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class JsonLogsIT {

    static final String DATABASE_PASSWORD = "json-logs-database-password";
    static final String BOOTSTRAP_TOKEN = "json-logs-bootstrap-token-0123456789";
    static final Path HOME = home();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("sluice.home", HOME::toString);
    }

    @Autowired
    FileArrivals arrivals;

    @Test
    void aRunsLinesAreJsonCarryingItsRunIdAndAFilesLinesItsFileId(CapturedOutput output) throws IOException {
        Files.createDirectories(HOME.resolve("input"));
        Files.writeString(HOME.resolve("input/logged.csv"), "id,name\n1,a\n");

        RecordedFile file = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> arrivals.recent(10).stream()
                                .filter(f -> f.key().equals("logged.csv") && f.status() == FileStatus.PROCESSED)
                                .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
        String runId = Long.toString(file.runId());
        List<JsonNode> lines = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> json(output),
                        l -> l.stream().anyMatch(line -> message(line).contains("succeeded")));

        assertThat(lines)
                .filteredOn(line -> message(line).startsWith("Run " + runId + " attempt 1: job run"))
                .isNotEmpty()
                .allSatisfy(line -> {
                    assertThat(line.path("runId").asString()).isEqualTo(runId);
                    assertThat(line.path("log").path("logger").asString()).endsWith("RunTransitions");
                    assertThat(line.path("@timestamp").isString()).isTrue();
                });
        assertThat(lines)
                .filteredOn(line -> message(line).contains("s3://input/logged.csv recorded"))
                .singleElement()
                .satisfies(line -> assertThat(line.path("fileId").asString()).isEqualTo(Long.toString(file.id())));
        assertThat(lines)
                .as("lines about no run name none")
                .filteredOn(line -> message(line).startsWith("Started "))
                .allSatisfy(line -> assertThat(line.has("runId")).isFalse());
        assertThat(output.getAll()).doesNotContain(DATABASE_PASSWORD).doesNotContain(BOOTSTRAP_TOKEN);
    }

    /** Every line of the output that is a log record, parsed; a line that is not JSON fails the test. */
    private static List<JsonNode> json(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(line -> line.startsWith("{"))
                .map(JSON::readTree)
                .toList();
    }

    private static String message(JsonNode line) {
        return line.path("message").asString();
    }

    private static Path home() {
        return TestDirs.temporary("sluice-json-logs");
    }
}
