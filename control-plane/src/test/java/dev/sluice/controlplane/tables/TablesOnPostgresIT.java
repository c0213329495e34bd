package dev.sluice.controlplane.tables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.TestDirs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The table history's SQL on the real PostgreSQL, with runs of the embedded executor. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class TablesOnPostgresIT {

    static final String TOKEN = "tables-pg-bootstrap-token-0123456789";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TestDatabase.postgres(registry);
        Path home = TestDirs.temporary("sluice-tables-pg");
        registry.add("sluice.home", home::toString);
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.batch-interval", () -> "200ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        String p = "sluice.pipelines.pg.";
        registry.add(p + "input.bucket", () -> "pg-in");
        registry.add(p + "output.bucket", () -> "pg-out");
        registry.add(p + "job.name", () -> "sluice-local");
        registry.add(p + "job.table", () -> "pg");
        registry.add(p + "batch.max-files", () -> "1");
        registry.add(p + "batch.max-wait", () -> "300ms");
        registry.add(p + "retry.max-attempts", () -> "1");
    }

    @LocalServerPort
    int port;

    @Test
    void theHistoryOfRealRunsReadsBackFromPostgres() {
        upload("a.csv", "id,amount\n12345678901,2.50\n7,\n", 1);
        upload("b.csv", "id,amount,note\n8,3.75,hi\n", 2);
        upload("c.csv", "id,amount\nx1,1.00\n", 3);

        JsonNode table = Http.to(port)
                .as(TOKEN)
                .get("/api/v1/insights/pipelines/pg/table")
                .json();

        assertThat(table.path("columns").get(0).path("type").asString()).isEqualTo("bigint");
        assertThat(table.path("columns").get(1).path("nullsSeen").asLong()).isEqualTo(1);
        assertThat(table.path("columns").get(2).path("name").asString()).isEqualTo("note");
        JsonNode history = table.path("history");
        assertThat(history.get(0).path("outcome").asString()).isEqualTo("REFUSED");
        assertThat(history.get(0).path("conflicts").get(0).path("tableType").asString())
                .isEqualTo("bigint");
        assertThat(history.get(1).path("widened").get(0).path("column").asString())
                .isEqualTo("id");
        assertThat(history.get(2).path("tableCreated").asBoolean()).isTrue();
        assertThat(history.get(2).path("recordedAt").asString()).isNotBlank();
    }

    /** Uploads one file and waits until the table history holds {@code changes} runs. */
    private void upload(String name, String csv, int changes) {
        Http.Answer uploaded = Http.to(port).as(TOKEN).upload("pg", name, csv.getBytes());
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> Http.to(port)
                                .as(TOKEN)
                                .get("/api/v1/insights/pipelines/pg/table")
                                .json()
                                .path("history")
                                .size(),
                        n -> n == changes);
    }
}
