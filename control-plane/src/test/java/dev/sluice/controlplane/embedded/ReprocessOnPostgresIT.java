package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reprocessing on PostgreSQL: the selection queries (a prefix with a LIKE wildcard in it, a time range)
 * and two operators reprocessing the same prefix at the same moment. However the two requests
 * interleave, no earlier run's output of a file is superseded twice: a file is never in two reprocess runs
 * at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReprocessOnPostgresIT {

    static final String TOKEN = "sluice-reprocess-pg-bootstrap-token-0123456789";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.postgres(registry);
        registry.add("sluice.home", ReprocessOnPostgresIT::home);
        registry.add("sluice.security.bootstrap-token", () -> TOKEN);
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.batch-interval", () -> "200ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("sluice.pipelines.default.batch.max-files", () -> "2");
        registry.add("sluice.pipelines.default.batch.max-wait", () -> "300ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void twoOperatorsReprocessingOnePrefixAtOnceNeverTakeAFileTwice() throws Exception {
        Http admin = Http.to(port).as(TOKEN);
        // "_" in the prefix is a character, not a LIKE wildcard: "day_1" must not match "dayX1d.csv".
        List<String> keys = List.of("day_1a.csv", "day_1b.csv", "day_1c.csv", "dayX1d.csv");
        for (String key : keys) {
            assertThat(admin.upload("default", key, "id\n1\n".getBytes()).status())
                    .isEqualTo(202);
        }
        JdbcClient db = JdbcClient.create(dataSource);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> db.sql("SELECT COUNT(*) FROM file_arrival WHERE status = 'PROCESSED'")
                                .query(Integer.class)
                                .single(),
                        n -> n == keys.size());

        String path = "/api/v1/pipelines/default/reprocess";
        Http.Answer dry = admin.postJson(path + "?dryRun=true", Map.of("prefix", "day_1"));
        assertThat(dry.json().path("files").asInt()).as(dry.toString()).isEqualTo(3);
        assertThat(dry.json().path("runs").asInt()).as("two files per run").isEqualTo(2);

        var first = CompletableFuture.supplyAsync(() -> admin.postJson(path, Map.of("prefix", "day_1")));
        var second = CompletableFuture.supplyAsync(() -> admin.postJson(path, Map.of("prefix", "day_1")));
        List<Http.Answer> answers = List.of(first.get(), second.get());
        assertThat(answers)
                .allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(202));
        int taken =
                answers.stream().mapToInt(a -> a.json().path("files").asInt()).sum();
        assertThat(taken).isBetween(3, 6);

        List<String> superseded = db.sql("SELECT file_id, superseded_run_id FROM run_supersedes")
                .query((rs, n) -> "file " + rs.getLong(1) + " of run " + rs.getLong(2))
                .list();
        assertThat(superseded)
                .as("each earlier run's output of a file superseded once")
                .doesNotHaveDuplicates();
        assertThat(superseded).hasSize(taken);
        List<Long> created = new ArrayList<>();
        answers.forEach(a -> a.json().path("runIds").forEach(id -> created.add(id.asLong())));
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> db.sql("SELECT COUNT(*) FROM run WHERE reprocess_of IS NOT NULL AND status = 'SUCCEEDED'")
                                .query(Integer.class)
                                .single(),
                        n -> n == created.size());

        Http.Answer ranged = admin.postJson(
                path + "?dryRun=true",
                Map.of("receivedFrom", "2000-01-01T00:00:00Z", "receivedTo", "2100-01-01T00:00:00Z"));
        assertThat(ranged.json().path("matched").asInt()).as(ranged.toString()).isEqualTo(keys.size());
    }

    private static String home() {
        try {
            return Files.createTempDirectory("sluice-reprocess-pg").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
