package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.support.ApiTestApp;
import dev.sluice.controlplane.support.Http;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** Who may do what, over HTTP, against the shared embedded instance. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityIT extends ApiTestApp {

    @Test
    void anonymousCallersGetAProblemAndABearerChallengeButHealthStaysOpen() {
        Http.Answer runs = anonymous().get("/api/v1/runs");
        assertThat(runs.status()).isEqualTo(401);
        assertThat(runs.headers().getFirst("WWW-Authenticate")).startsWith("Bearer");
        assertThat(runs.headers().getContentType()).hasToString("application/problem+json");
        assertThat(runs.json().path("detail").asString()).contains("Authorization: Bearer");

        Http.Answer health = anonymous().get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components"))
                .as("no details for anonymous callers")
                .isFalse();

        assertThat(anonymous().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(anonymous().get("/actuator/info").status()).isEqualTo(401);
        assertThat(admin().get("/actuator/prometheus").status()).isEqualTo(200);
    }

    @Test
    void theDashboardAndTheApiDocumentAreOpenBecauseTheyHoldNothingSecret() {
        assertThat(anonymous().get("/").body()).contains("Sluice");
        assertThat(anonymous().get("/dashboard/app.js").status()).isEqualTo(200);
        assertThat(anonymous().get("/v3/api-docs").json().path("paths").has("/api/v1/runs"))
                .isTrue();
    }

    @Test
    void aViewerReadsButCannotChangeAnything() {
        Http viewer = anonymous().as(tokenFor(unique("viewer"), "VIEWER"));
        long runId = failedRun().path("id").asLong();

        assertThat(viewer.get("/api/v1/runs").status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/pipelines").status()).isEqualTo(200);
        Http.Answer retry = viewer.post("/api/v1/runs/" + runId + "/retry");
        assertThat(retry.status()).isEqualTo(403);
        assertThat(retry.json().path("detail").asString()).contains("POST /api/v1/runs/" + runId + "/retry");
        assertThat(viewer.upload("default", "nope.csv", "a\n1\n".getBytes()).status())
                .isEqualTo(403);
        assertThat(viewer.get("/api/v1/tokens").status()).isEqualTo(403);
        assertThat(viewer.get("/api/v1/audit").status()).isEqualTo(403);
        assertThat(admin().get("/api/v1/runs/" + runId)
                        .json()
                        .path("run")
                        .path("status")
                        .asString())
                .isEqualTo("FAILED");
    }

    @Test
    void anOperatorRetriesAFailedRunAndTheAuditLogSaysWhoDidWhat() {
        String name = unique("ops");
        Http operator = anonymous().as(tokenFor(name, "OPERATOR"));
        long runId = failedRun().path("id").asLong();

        Http.Answer retry = operator.post("/api/v1/runs/" + runId + "/retry");

        assertThat(retry.status()).as(retry.toString()).isEqualTo(202);
        assertThat(retry.json().path("attempt").asInt()).isEqualTo(2);
        JsonNode entry = admin().get("/api/v1/audit?actor=token:" + name)
                .json()
                .path("items")
                .get(0);
        assertThat(entry.path("method").asString()).isEqualTo("POST");
        assertThat(entry.path("path").asString()).isEqualTo("/api/v1/runs/" + runId + "/retry");
        assertThat(entry.path("status").asInt()).isEqualTo(202);
        assertThat(entry.path("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(entry.path("at").asString()).isNotBlank();
    }

    @Test
    void refusedAndUnauthenticatedCallsAreAuditedToo() {
        String name = unique("viewer");
        Http viewer = anonymous().as(tokenFor(name, "VIEWER"));
        viewer.post("/api/v1/runs/999999/retry");
        anonymous().post("/api/v1/runs/999998/retry");
        admin().post("/api/v1/runs/999997/retry");

        JsonNode denied =
                admin().get("/api/v1/audit?actor=token:" + name).json().path("items");
        assertThat(denied).hasSize(1);
        assertThat(denied.get(0).path("outcome").asString()).isEqualTo("DENIED");
        assertThat(denied.get(0).path("status").asInt()).isEqualTo(403);
        // Anonymous refusals are kept one per action and status a minute (and all counted as a metric).
        JsonNode anonymousCalls = admin().get("/api/v1/audit?actor=anonymous&outcome=UNAUTHENTICATED")
                .json()
                .path("items");
        assertThat(anonymousCalls)
                .anySatisfy(e -> assertThat(e.path("action").asString()).isEqualTo("run.retry"));
        JsonNode rejected = admin().get("/api/v1/audit?actor=bootstrap-admin&outcome=REJECTED")
                .json()
                .path("items");
        assertThat(rejected).anySatisfy(e -> {
            assertThat(e.path("path").asString()).isEqualTo("/api/v1/runs/999997/retry");
            assertThat(e.path("status").asInt()).isEqualTo(404);
        });
    }

    @Test
    void tokensAreShownOnceListedWithoutSecretsAndStopWorkingWhenRevoked(CapturedOutput output) {
        String name = unique("ci");
        Http.Answer created = admin().postJson("/api/v1/tokens", Map.of("name", name, "roles", List.of("VIEWER")));
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().path("secret").asString();
        long id = created.json().path("token").path("id").asLong();
        assertThat(secret).startsWith("sluice_").hasSizeGreaterThan(40);
        assertThat(created.headers().getLocation()).hasToString("/api/v1/tokens/" + id);

        Http ci = anonymous().as(secret);
        assertThat(ci.get("/api/v1/me").json().path("name").asString()).isEqualTo("token:" + name);
        Http.Answer list = admin().get("/api/v1/tokens");
        assertThat(list.body()).contains(name).doesNotContain(secret).doesNotContain(TokenSecrets.hash(secret));
        assertThat(list.body()).contains(secret.substring(0, 11) + "…");

        assertThat(admin().delete("/api/v1/tokens/" + id).status()).isEqualTo(204);
        Http.Answer afterRevoke = ci.get("/api/v1/runs");
        assertThat(afterRevoke.status()).isEqualTo(401);
        assertThat(afterRevoke.json().path("detail").asString()).contains("unknown, revoked or expired");
        assertThat(admin().delete("/api/v1/tokens/" + id).status()).isEqualTo(409);
        assertThat(admin().delete("/api/v1/tokens/987654321").status()).isEqualTo(404);

        assertThat(output.getAll())
                .as("no token secret or hash in the logs")
                .doesNotContain(secret)
                .doesNotContain(TokenSecrets.hash(secret))
                .doesNotContain(ADMIN_TOKEN)
                .doesNotContain("generated security password");
    }

    @Test
    void tokenRequestsAreValidatedNamingTheField() {
        Http.Answer noRoles = admin().postJson("/api/v1/tokens", Map.of("name", "x", "roles", List.of()));
        assertThat(noRoles.status()).isEqualTo(400);
        assertThat(noRoles.json().path("detail").asString()).startsWith("roles:");

        Http.Answer badName =
                admin().postJson("/api/v1/tokens", Map.of("name", "has space", "roles", List.of("VIEWER")));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().path("detail").asString()).startsWith("name:");

        Http.Answer badRole = admin().postJson("/api/v1/tokens", Map.of("name", "x", "roles", List.of("SUPERUSER")));
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.json().path("detail").asString()).contains("roles");

        Http operator = anonymous().as(tokenFor(unique("ops"), "OPERATOR"));
        assertThat(operator.postJson("/api/v1/tokens", Map.of("name", "mine", "roles", List.of("ADMIN")))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void onlyAnAdminAppliesWhereNoApprovalIsNeeded() {
        Http operator = anonymous().as(tokenFor(unique("ops"), "OPERATOR"));
        Http approver = anonymous().as(tokenFor(unique("approver"), "APPROVER"));

        Http.Answer applyDev = operator.postJson(
                "/api/v1/deployments", Map.of("environment", "dev", "stack", "application", "action", "apply"));
        assertThat(applyDev.status()).isEqualTo(403);
        assertThat(applyDev.json().path("detail").asString()).contains("ADMIN");
        Http.Answer sneaky = operator.postJson(
                "/api/v1/deployments",
                "{\"environment\":\"dev\",\"stack\":\"nope\",\"action\":\"plan\",\"action\":\"apply\"}");
        assertThat(sneaky.status()).as("duplicate keys get the stricter rule").isEqualTo(403);
        assertThat(operator.postJson("/api/v1/deployments/redeploy", Map.of("environment", "dev"))
                        .status())
                .isEqualTo(403);
        assertThat(approver.postJson(
                                "/api/v1/deployments", Map.of("environment", "dev", "stack", "nope", "action", "plan"))
                        .status())
                .isEqualTo(403);
        assertThat(operator.post("/api/v1/deployments/00000000-0000-0000-0000-000000000000/approve")
                        .status())
                .isEqualTo(403);
        assertThat(operator.post("/api/v1/deployments/00000000-0000-0000-0000-000000000000/continue-rollback")
                        .status())
                .isEqualTo(403);

        // Past the security rules these reach the deployment API, which refuses the unknown stack.
        for (Map<String, String> allowed : List.of(
                Map.of("environment", "dev", "stack", "nope", "action", "plan"),
                Map.of("environment", "prod", "stack", "nope", "action", "apply"))) {
            Http.Answer answer = operator.postJson("/api/v1/deployments", allowed);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
            assertThat(answer.json().path("detail").asString()).contains("stack");
        }
    }

    @Test
    void crossOriginCallsAreRefused() {
        Http.Answer foreign = admin().get("/api/v1/runs", Map.of("Origin", "https://evil.example"));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.headers().getAccessControlAllowOrigin()).isNull();

        Http.Answer sameOrigin = admin().get("/api/v1/runs", Map.of("Origin", "http://127.0.0.1:" + port));
        assertThat(sameOrigin.status()).isEqualTo(200);
    }

    @Test
    void jwtsFromTheIdentityProviderNameTheCallerAndCarryRoles() {
        Map<String, Object> approverRoles =
                Map.of("realm_access", Map.of("roles", List.of("sluice-approvers", "viewer")));
        Http alice = anonymous().as(IDP.token("alice", approverRoles));

        Http.Answer meAnswer = alice.get("/api/v1/me");
        assertThat(meAnswer.status()).as(meAnswer.toString()).isEqualTo(200);
        JsonNode me = meAnswer.json();
        assertThat(me.path("name").asString()).isEqualTo("alice");
        assertThat(me.path("roles").toString()).contains("APPROVER", "VIEWER").doesNotContain("OPERATOR");
        assertThat(alice.get("/api/v1/runs").status()).isEqualTo(200);
        assertThat(alice.post("/api/v1/runs/1/retry").status()).isEqualTo(403);

        Http nobody = anonymous().as(IDP.token("bob", Map.of()));
        assertThat(nobody.get("/api/v1/me").json().path("roles")).isEmpty();
        assertThat(nobody.get("/api/v1/runs").status()).isEqualTo(403);

        for (String refused : List.of(
                IDP.expiredToken("carol", approverRoles),
                IDP.forgedToken("mallory", approverRoles),
                IDP.tokenForAudience("dave", approverRoles, "another-service"),
                "not.a.jwt")) {
            Http.Answer answer = anonymous().as(refused).get("/api/v1/runs");
            assertThat(answer.status()).as(refused).isEqualTo(401);
            assertThat(answer.body()).doesNotContain(refused);
        }
    }
}
