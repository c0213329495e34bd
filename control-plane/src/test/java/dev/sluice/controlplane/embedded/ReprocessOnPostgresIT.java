package dev.sluice.controlplane.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.Http;
import dev.sluice.controlplane.support.TestDatabase;
import dev.sluice.testsupport.TestDirs;
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
        // Recorded in SQL below, never uploaded: its runs fail for want of the files, which is all
        // the measurement needs.
        registry.add("sluice.pipelines.bulk.input.bucket", () -> "bulk-in");
        registry.add("sluice.pipelines.bulk.output.bucket", () -> "bulk-out");
        registry.add("sluice.pipelines.bulk.job.name", () -> "sluice-local");
        registry.add("sluice.pipelines.bulk.job.table", () -> "bulk");
        registry.add("sluice.pipelines.bulk.batch.max-files", () -> "1000");
        registry.add("sluice.pipelines.bulk.retry.max-attempts", () -> "1");
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
                        () -> db.sql(
                                        "SELECT COUNT(*) FROM file_arrival WHERE pipeline = 'default' AND status = 'PROCESSED'")
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

        List<String> superseded = db.sql(
                        "SELECT s.file_id, s.superseded_run_id FROM run_supersedes s JOIN run r ON r.id = s.run_id WHERE r.pipeline = 'default'")
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
                        () -> db.sql(
                                        "SELECT COUNT(*) FROM run WHERE pipeline = 'default' AND reprocess_of IS NOT NULL AND status = 'SUCCEEDED'")
                                .query(Integer.class)
                                .single(),
                        n -> n == created.size());

        Http.Answer ranged = admin.postJson(
                path + "?dryRun=true",
                Map.of("receivedFrom", "2000-01-01T00:00:00Z", "receivedTo", "2100-01-01T00:00:00Z"));
        assertThat(ranged.json().path("matched").asInt()).as(ranged.toString()).isEqualTo(keys.size());
    }

    /** The most one request may select, 10,000 files into 10 runs: how long the request takes. */
    @Test
    void tenThousandFilesAreReprocessedInOneRequestWithinSeconds() {
        JdbcClient db = JdbcClient.create(dataSource);
        db.sql("""
                        INSERT INTO run (pipeline, status, attempt, max_attempts, job_name, file_count, total_bytes,
                                         next_attempt_at, created_at, updated_at, finished_at)
                        VALUES ('bulk', 'SUCCEEDED', 1, 1, 'sluice-local', 10000, 10000,
                                CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """).update();
        long earlier = db.sql("SELECT MAX(id) FROM run").query(Long.class).single();
        db.sql("""
                        INSERT INTO file_arrival (pipeline, bucket, object_key, version_tag, etag, size_bytes, status,
                                                  run_id, received_at)
                        SELECT 'bulk', 'bulk-in', 'year=2026/f-' || g || '.csv', 'v' || g, 'e', 1, 'PROCESSED', ?,
                               CURRENT_TIMESTAMP
                        FROM generate_series(1, 10000) AS g
                        """).param(earlier).update();
        Http admin = Http.to(port).as(TOKEN);
        String path = "/api/v1/pipelines/bulk/reprocess";

        long start = System.nanoTime();
        Http.Answer dry = admin.postJson(path + "?dryRun=true", Map.of("prefix", "year=2026/"));
        long dryMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        Http.Answer done = admin.postJson(path, Map.of("prefix", "year=2026/"));
        long doneMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(dry.json().path("files").asInt()).as(dry.toString()).isEqualTo(10_000);
        assertThat(done.status()).as(done.toString()).isEqualTo(202);
        assertThat(done.json().path("runIds")).hasSize(10);
        assertThat(db.sql("SELECT COUNT(*) FROM run_supersedes WHERE superseded_run_id = ?")
                        .param(earlier)
                        .query(Integer.class)
                        .single())
                .isEqualTo(10_000);
        System.out.printf(
                "reprocess of 10,000 files on PostgreSQL: dry run %d ms, 10 runs created in %d ms%n",
                dryMillis, doneMillis);
        assertThat(doneMillis).as("one request of the largest selection").isLessThan(30_000);
    }

    private static String home() {
        return TestDirs.temporary("sluice-reprocess-pg").toString();
    }
}
