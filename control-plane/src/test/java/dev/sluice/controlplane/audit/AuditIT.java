package dev.sluice.controlplane.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** What the audit log keeps, how much anyone can make it write, and for how long. */
class AuditIT extends ApiTestApp {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditRetention retention;

    @Test
    void fiveThousandAnonymousPostsWithLongPathsWriteOnlyAHandfulOfRows() throws Exception {
        long rowsBefore = rows();
        double countedBefore = unauthenticated("other") + unauthenticated("run.retry");
        String junk = "/api/v1/" + "a".repeat(2048);
        String zeros = "/api/v1/runs/" + "0".repeat(2048) + "1/retry";
        HttpClient client = HttpClient.newHttpClient();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                String path = i % 2 == 0 ? junk : zeros;
                sent.add(pool.submit(() -> {
                    HttpResponse<Void> answer = client.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 401) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(refused).hasValue(5_000);
        long added = rows() - rowsBefore;
        // One row per action and status a minute: two actions, and the run may cross a minute.
        assertThat(added).as("audit rows added by 5,000 anonymous calls").isBetween(1L, 4L);
        assertThat(jdbc.sql("SELECT MAX(LENGTH(path)) FROM audit_event")
                        .query(Integer.class)
                        .single())
                .isLessThanOrEqualTo(AuditActions.MAX_PATH);
        // the refusal is counted after its answer is sent, so the last ones may land a moment later
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(unauthenticated("other") + unauthenticated("run.retry") - countedBefore)
                        .as("every anonymous refusal is counted")
                        .isEqualTo(5_000));
    }

    @Test
    void aRetryIsAuditedAsItsActionAndCanonicalIdAndTheRunNamesWhoRetried() {
        String name = unique("ops");
        Http operator = anonymous().as(tokenFor(name, "OPERATOR"));
        long runId = failedRun().path("id").asLong();

        Http.Answer retry = operator.post("/api/v1/runs/" + "0".repeat(2100) + runId + "/retry");
        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);

        JsonNode entry = admin().get("/api/v1/audit?actor=token:" + name + "&action=run.retry")
                .json()
                .path("items")
                .get(0);
        assertThat(entry.path("action").asString()).isEqualTo("run.retry");
        assertThat(entry.path("target").asString()).isEqualTo(Long.toString(runId));
        assertThat(entry.path("path").asString()).isEqualTo("/api/v1/runs/" + runId + "/retry");
        assertThat(entry.path("actorId").asString()).matches("token#\\d+");

        JsonNode detail = admin().get("/api/v1/runs/" + runId).json();
        JsonNode second = detail.path("attempts").get(1);
        assertThat(second.path("attempt").asInt()).isEqualTo(2);
        assertThat(second.path("requestedBy").asString()).isEqualTo("token:" + name);
        assertThat(detail.path("attempts").get(0).path("requestedBy").isNull()).isTrue();
        assertThat(detail.path("transitions").toString()).contains("manual retry as attempt 2 by token:" + name);
    }

    @Test
    void entriesOlderThanTheRetentionArePurged() {
        Instant now = Instant.now();
        insert(now.minus(Duration.ofDays(91)), "old-entry");
        insert(now.minus(Duration.ofDays(89)), "recent-entry");

        assertThat(retention.purgeNow()).isGreaterThanOrEqualTo(1);

        List<String> actors = jdbc.sql("SELECT actor FROM audit_event WHERE actor IN ('old-entry', 'recent-entry')")
                .query(String.class)
                .list();
        assertThat(actors).containsExactly("recent-entry");
    }

    @Test
    void tokenNamesAreUniqueAndTheAuditNamesTheTokenById() {
        String name = unique("ci");
        Http.Answer first = admin().postJson("/api/v1/tokens", Map.of("name", name, "roles", List.of("VIEWER")));
        assertThat(first.status()).isEqualTo(201);
        long id = first.json().path("token").path("id").asLong();
        assertThat(admin().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);

        Http.Answer again = admin().postJson("/api/v1/tokens", Map.of("name", name, "roles", List.of("ADMIN")));
        assertThat(again.status()).as("a revoked token's name is not reused").isEqualTo(409);
        assertThat(again.json().path("type").asString()).isEqualTo("https://sluice.dev/problems/token-name-taken");
        assertThat(again.json().path("detail").asString()).contains(name);

        JsonNode created = admin().get("/api/v1/audit?actorId=bootstrap&action=token.create")
                .json()
                .path("items");
        assertThat(created).anySatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(409));
        JsonNode revoked =
                admin().get("/api/v1/audit?action=token.revoke").json().path("items");
        assertThat(revoked)
                .anySatisfy(e -> assertThat(e.path("target").asString()).isEqualTo(Long.toString(id)));
    }

    private void insert(Instant at, String actor) {
        jdbc.sql("""
                        INSERT INTO audit_event (at, actor, actor_id, method, action, path, status, outcome)
                        VALUES (?, ?, ?, 'POST', 'other', '/api/v1/x', 200, 'SUCCEEDED')
                        """).params(Timestamp.from(at), actor, actor).update();
    }

    private long rows() {
        return jdbc.sql("SELECT COUNT(*) FROM audit_event").query(Long.class).single();
    }

    private double unauthenticated(String action) {
        var counter = meters.find("sluice.audit.unauthenticated")
                .tag("action", action)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
