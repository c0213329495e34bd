package dev.sluice.controlplane.releases;

import static dev.sluice.controlplane.releases.ReleaseClient.stage;
import static dev.sluice.controlplane.releases.ReleaseClient.stageStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.deploy.DeployTestBed;
import dev.sluice.controlplane.deploy.MiniStackServer;
import dev.sluice.controlplane.deploy.TestCallers;
import dev.sluice.controlplane.releases.ReleaseClient.Response;
import dev.sluice.controlplane.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Releases of both tracks through the path [dev, prod] on MiniStack (it resolves Fn::ImportValue,
 * keeps exports and creates the Glue job), two accounts, state in a real PostgreSQL. dev has a
 * smoke gate, prod an approval gate. CI calls as {@code ci} with the RELEASER role only; {@code bob}
 * approves with APPROVER only.
 *
 * <p>The smoke gate uploads a sample CSV to dev's input bucket (checked here in the emulator); the
 * pipeline that would ingest it and run Glue is not wired to the emulator's bucket, so the test
 * plays its part: it records the file and its run, succeeded or failed, in Sluice's database as
 * the ingest and the tracker would.
 *
 * <p>The methods build on each other in order.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@Import(TestCallers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReleasesOnMiniStackIT {

    static final MiniStackServer ministack = MiniStackServer.shared();
    // Accounts of their own, so that other tests' stacks on the shared emulator do not interfere.
    static final DeployTestBed bed = new DeployTestBed(ministack.endpoint(), "411111111111", "422222222222");
    static final String CI_BUCKET = "sluice-ci-artifacts";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        TestDatabase.postgres(registry);
        Path home = bed.templates.getParent().resolve("home");
        registry.add("sluice.home", home::toString);
        registry.add("sluice.releases.path", () -> "dev,prod");
        registry.add("sluice.releases.gates.dev.smoke-check", () -> "true");
        registry.add("sluice.releases.gates.prod.approval", () -> "true");
        registry.add("sluice.releases.tick", () -> "200ms");
        registry.add(
                "sluice.releases.artifact-endpoint", () -> ministack.endpoint().toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ReleaseClient api;

    /** Releases made by earlier methods, by name. */
    static final Map<String, String> ids = new java.util.concurrent.ConcurrentHashMap<>();

    static final Map<String, String> jarKeys = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void ciBucket() {
        try (S3Client s3 = ciS3()) {
            s3.createBucket(r -> r.bucket(CI_BUCKET));
        }
    }

    @BeforeEach
    void api() {
        api = new ReleaseClient(port);
    }

    @Test
    @Order(1)
    void anApplicationReleaseWaitsWhileTheInfrastructureExportsItImportsAreMissing() {
        byte[] jar = newJar();
        String body = request("application", "a0a0a0a", "app-1.0.0", sha256(template("application.yaml")), sha256(jar));
        Response started = api.postMultipart(
                "/api/v1/releases",
                body,
                Map.of("template", template("application.yaml"), "glueJobJar", jar),
                "ci",
                "RELEASER");
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        String id = started.body().get("id").asString();
        ids.put("app-1.0.0", id);
        jarKeys.put("app-1.0.0", "glue-job/" + sha256(jar) + ".jar");

        JsonNode waiting = api.awaitStage(id, "dev", "WAITING_FOR_INFRASTRUCTURE");
        assertThat(stage(waiting, "dev").get("message").asString())
                .contains("exports it imports are missing", "dev-sluice-AssetsBucketName", "dev-sluice-GlueJobRoleArn");
        assertThat(stageStatus(waiting, "prod")).isEqualTo("PENDING");
        assertThat(waiting.get("release").get("artifacts").get("glueJobJarKey").asString())
                .isEqualTo(jarKeys.get("app-1.0.0"));
        assertThat(stackExists(bed.devAccount, "sluice-dev-application")).isFalse();
    }

    @Test
    @Order(2)
    void anInfrastructureReleaseGoesToDevPassesTheSmokeGateAndWaitsForAnApproverBeforeProd() {
        // The infrastructure repository's parameters for both environments, pinned with the template.
        String parameters = "{\"dev\":" + infrastructureSection("dev").replace("\"7\"", "\"3\"") + ",\"prod\":"
                + infrastructureSection("prod") + "}";
        assertThat(parameters).contains("\"NoncurrentInputRetentionDays\": \"3\"");
        Response started = api.post(
                "/api/v1/releases",
                requestFromS3("infrastructure", "b1b1b1b", "infra-1", null, parameters.getBytes()),
                "ci",
                "RELEASER");
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        String id = started.body().get("id").asString();
        assertThat(started.body().get("artifacts").get("parametersDigest").asString())
                .isEqualTo(sha256(parameters.getBytes()));
        ids.put("infra-1", id);
        JsonNode smoking = api.awaitStage(id, "dev", "SMOKE_CHECK");
        String sample = stage(smoking, "dev").get("smokeObject").asString();
        assertThat(sample).startsWith("s3://sluice-dev-input-411111111111-us-east-1/incoming/sluice-smoke/");
        try (S3Client s3 = bed.s3(bed.devAccount)) {
            String bucket = sample.substring(5, sample.indexOf('/', 5));
            String key = sample.substring(sample.indexOf('/', 5) + 1);
            assertThat(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String())
                    .as("the sample is in dev's input bucket")
                    .startsWith("id,name,amount,day");
        }
        assertThat(stageStatus(smoking, "prod"))
                .as("prod waits for the smoke gate")
                .isEqualTo("PENDING");

        recordSmokeRun(sample, "SUCCEEDED", null);
        JsonNode gated = api.awaitStage(id, "prod", "AWAITING_APPROVAL");
        assertThat(stageStatus(gated, "dev")).isEqualTo("SUCCEEDED");
        assertThat(stage(gated, "dev").get("message").asString()).contains("smoke check passed");
        assertThat(stackStatus(bed.prodAccount, "sluice-prod-infrastructure"))
                .as("prod is planned, never applied before the approval")
                .isIn("REVIEW_IN_PROGRESS", "MISSING");
        assertThat(gated.get("changes")
                        .get("prod")
                        .valueStream()
                        .map(c -> c.get("action").asString() + " "
                                + c.get("logicalId").asString()))
                .contains("Add InputBucket");

        Response selfApproval = api.post(approve(id, "prod"), null, "ci", "APPROVER");
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(selfApproval.contentType()).startsWith("application/problem+json");
        assertThat(selfApproval.body().get("detail").asString()).contains("ci requested deployment");
        assertThat(api.post(approve(id, "prod"), null, "vera", "VIEWER").status())
                .isEqualTo(403);

        Response approved = api.post(approve(id, "prod"), null, "bob", "APPROVER");
        assertThat(approved.status()).as("%s", approved.body()).isEqualTo(200);
        JsonNode done = api.awaitEnd(id, "SUCCEEDED");
        assertThat(done.get("release").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(stage(done, "prod").get("approvedBy").asString()).isEqualTo("bob");
        assertThat(stage(done, "prod").get("decided").isNull()).isFalse();
        assertThat(stage(done, "prod").get("finished").isNull()).isFalse();
        assertThat(stackStatus(bed.prodAccount, "sluice-prod-infrastructure")).isEqualTo("CREATE_COMPLETE");
        assertThat(stackParameter(bed.devAccount, "sluice-dev-infrastructure", "NoncurrentInputRetentionDays"))
                .as("dev got the release's pinned parameters")
                .isEqualTo("3");
    }

    @Test
    @Order(3)
    void theWaitingApplicationReleaseGoesOnOnceTheInfrastructureIsThereAndReachesProdAfterApproval() {
        String id = ids.get("app-1.0.0");
        JsonNode smoking = api.awaitStage(id, "dev", "SMOKE_CHECK");
        assertThat(jobJar(bed.devAccount, "dev")).isEqualTo(jarKeys.get("app-1.0.0"));
        recordSmokeRun(stage(smoking, "dev").get("smokeObject").asString(), "SUCCEEDED", null);

        api.awaitStage(id, "prod", "AWAITING_APPROVAL");
        assertThat(stackStatus(bed.prodAccount, "sluice-prod-application")).isIn("REVIEW_IN_PROGRESS", "MISSING");
        assertThat(api.post(approve(id, "prod"), null, "bob", "APPROVER").status())
                .isEqualTo(200);
        api.awaitEnd(id, "SUCCEEDED");
        assertThat(api.release(id).get("release").get("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(jobJar(bed.prodAccount, "prod")).isEqualTo(jarKeys.get("app-1.0.0"));
    }

    @Test
    @Order(4)
    void theSameReleaseCallTwiceMakesOneRelease() {
        byte[] jar = newJar();
        jarKeys.put("app-1.1.0", "glue-job/" + sha256(jar) + ".jar");
        String first = startFromS3("application", "c1c1c1c", "app-1.1.0", jar);
        String second = startFromS3("application", "c1c1c1c", "app-1.1.0", jar);
        assertThat(second).isEqualTo(first);
        ids.put("app-1.1.0", first);
        assertThat(api.get("/api/v1/releases?track=application")
                        .body()
                        .valueStream()
                        .filter(r -> r.get("commit").asString().equals("c1c1c1c")))
                .hasSize(1);

        Response otherJar = api.post(
                "/api/v1/releases", requestFromS3("application", "c1c1c1c", "app-1.1.0", newJar()), "ci", "RELEASER");
        assertThat(otherJar.status()).isEqualTo(409);
        assertThat(otherJar.body().get("detail").asString()).contains("released before as " + first);
    }

    @Test
    @Order(5)
    void aFailedSmokeRunStopsTheReleaseBeforeProd() {
        String id = ids.get("app-1.1.0");
        JsonNode smoking = api.awaitStage(id, "dev", "SMOKE_CHECK");
        recordSmokeRun(stage(smoking, "dev").get("smokeObject").asString(), "FAILED", "CSV header not found");
        JsonNode failed = api.awaitEnd(id, "FAILED");
        assertThat(failed.get("release").get("status").asString()).isEqualTo("FAILED");
        assertThat(failed.get("release").get("failureReason").asString())
                .contains("dev: smoke check failed", "ended FAILED: CSV header not found");
        assertThat(stageStatus(failed, "prod")).isEqualTo("CANCELLED");
        assertThat(stage(failed, "prod").get("deploymentId").isNull()).isTrue();
        assertThat(jobJar(bed.prodAccount, "prod")).isEqualTo(jarKeys.get("app-1.0.0"));

        // The failed smoke check left 1.1.0 deployed in dev: rolling dev back returns to 1.0.0.
        assertThat(jobJar(bed.devAccount, "dev")).isEqualTo(jarKeys.get("app-1.1.0"));
        Response rollback = api.post("/api/v1/environments/dev/rollback?track=application", null, "ci", "RELEASER");
        assertThat(rollback.status()).as("%s", rollback.body()).isEqualTo(202);
        assertThat(rollback.body().get("version").asString()).isEqualTo("app-1.0.0");
        assertThat(rollback.body().get("rollbackOf").asString()).isEqualTo(id);
        String back = rollback.body().get("id").asString();
        passDevSmoke(back);
        api.awaitEnd(back, "SUCCEEDED");
        assertThat(jobJar(bed.devAccount, "dev")).isEqualTo(jarKeys.get("app-1.0.0"));
    }

    @Test
    @Order(6)
    void aNewerReleaseSupersedesOneWaitingForApproval() {
        byte[] older = newJar();
        jarKeys.put("app-1.2.0", "glue-job/" + sha256(older) + ".jar");
        String waiting = startFromS3("application", "d2d2d2d", "app-1.2.0", older);
        passDevSmoke(waiting);
        JsonNode gated = api.awaitStage(waiting, "prod", "AWAITING_APPROVAL");
        String withdrawn = stage(gated, "prod").get("deploymentId").asString();

        byte[] newer = newJar();
        jarKeys.put("app-1.3.0", "glue-job/" + sha256(newer) + ".jar");
        String replacing = startFromS3("application", "e3e3e3e", "app-1.3.0", newer);
        ids.put("app-1.2.0", waiting);
        ids.put("app-1.3.0", replacing);

        JsonNode superseded = api.awaitEnd(waiting, "SUPERSEDED");
        assertThat(superseded.get("release").get("status").asString()).isEqualTo("SUPERSEDED");
        assertThat(superseded.get("release").get("supersededBy").asString()).isEqualTo(replacing);
        assertThat(stageStatus(superseded, "prod")).isEqualTo("SUPERSEDED");
        assertThat(api.get("/api/v1/deployments/" + withdrawn)
                        .body()
                        .get("deployment")
                        .get("status")
                        .asString())
                .isEqualTo("CANCELLED");
        assertThat(api.post(approve(waiting, "prod"), null, "bob", "APPROVER").status())
                .as("a superseded release's gate cannot be approved any more")
                .isEqualTo(409);

        // This replica loses its copy of the jar (as another replica never had it): read again from S3.
        JsonNode smoking = api.awaitStage(replacing, "dev", "SMOKE_CHECK");
        Path kept = bed.templates.getParent().resolve("home/releases/artifacts/" + sha256(newer) + ".jar");
        assertThat(kept).exists();
        try {
            Files.delete(kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recordSmokeRun(stage(smoking, "dev").get("smokeObject").asString(), "SUCCEEDED", null);
        api.awaitStage(replacing, "prod", "AWAITING_APPROVAL");
        assertThat(kept).as("read again from CI's bucket, digest checked").hasBinaryContent(newer);
        assertThat(api.post(approve(replacing, "prod"), null, "bob", "APPROVER").status())
                .isEqualTo(200);
        api.awaitEnd(replacing, "SUCCEEDED");
        assertThat(jobJar(bed.prodAccount, "prod")).isEqualTo(jarKeys.get("app-1.3.0"));
    }

    @Test
    @Order(7)
    void rollbackRedeploysThePreviousApplicationReleaseOfTheEnvironment() {
        Response rollback = api.post("/api/v1/environments/prod/rollback?track=application", null, "ci", "RELEASER");
        assertThat(rollback.status()).as("%s", rollback.body()).isEqualTo(202);
        String id = rollback.body().get("id").asString();
        assertThat(rollback.body().get("version").asString()).isEqualTo("app-1.0.0");
        assertThat(rollback.body().get("rollbackOf").asString()).isEqualTo(ids.get("app-1.3.0"));
        assertThat(rollback.body()
                        .get("stages")
                        .valueStream()
                        .map(s -> s.get("environment").asString()))
                .containsExactly("prod");

        api.awaitStage(id, "prod", "AWAITING_APPROVAL");
        assertThat(jobJar(bed.prodAccount, "prod")).isEqualTo(jarKeys.get("app-1.3.0"));
        assertThat(api.post(approve(id, "prod"), null, "bob", "APPROVER").status())
                .isEqualTo(200);
        api.awaitEnd(id, "SUCCEEDED");
        assertThat(jobJar(bed.prodAccount, "prod"))
                .as("the Glue job runs the previous jar again")
                .isEqualTo(jarKeys.get("app-1.0.0"));
    }

    @Test
    @Order(8)
    void callersWithoutTheReleaserRoleAreRefusedAndBadRequestsAreProblems() {
        int before = api.get("/api/v1/releases?limit=200").body().size();
        String body = requestFromS3("infrastructure", "f4f4f4f", "infra-2", null);
        for (String role : List.of("VIEWER", "OPERATOR", "APPROVER")) {
            Response refused = api.post("/api/v1/releases", body, "someone", role);
            assertThat(refused.status()).as(role).isEqualTo(403);
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(api.post("/api/v1/environments/dev/rollback?track=application", null, "someone", "OPERATOR")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/releases?limit=200").body().size()).isEqualTo(before);

        String wrongDigest = request("infrastructure", "f5f5f5f", "infra-3", "0".repeat(64), null)
                .replace("\"sha256\"", "\"uri\":\"s3://" + CI_BUCKET + "/b1b1b1b/infrastructure.yaml\",\"sha256\"");
        Response invalid = api.post("/api/v1/releases", wrongDigest, "ci", "RELEASER");
        assertThat(invalid.status()).as("%s", invalid.body()).isEqualTo(400);
        assertThat(invalid.body().get("field").asString()).isEqualTo("artifacts.template.sha256");
        assertThat(invalid.body().get("detail").asString()).contains("the content's SHA-256 is");

        Response unknown = api.get("/api/v1/releases/no-such-release");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    @Order(9)
    void anApplicationReleaseWaitsForTheInfrastructureReleaseItRequires() {
        String body = requestFromS3("application", "a9a9a9a", "app-2.0.0", newJar())
                .replace("\"artifacts\"", "\"requiresInfrastructure\":\"infra-2\",\"artifacts\"");
        Response started = api.post("/api/v1/releases", body, "ci", "RELEASER");
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        String id = started.body().get("id").asString();
        assertThat(started.body().get("requiresInfrastructure").asString()).isEqualTo("infra-2");

        JsonNode waiting = api.awaitStage(id, "dev", "WAITING_FOR_INFRASTRUCTURE");
        assertThat(stage(waiting, "dev").get("message").asString())
                .contains("infrastructure release infra-2", "not seen yet", "the newest there is infra-1");
        assertThat(stage(waiting, "dev").get("deploymentId").isNull()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private static String approve(String id, String environment) {
        return "/api/v1/releases/" + id + "/stages/" + environment + "/approve";
    }

    private void passDevSmoke(String id) {
        JsonNode smoking = api.awaitStage(id, "dev", "SMOKE_CHECK");
        recordSmokeRun(stage(smoking, "dev").get("smokeObject").asString(), "SUCCEEDED", null);
    }

    /** Plays the pipeline: the sample file as ingested, and its run ended with {@code status}. */
    private void recordSmokeRun(String sample, String status, String error) {
        String bucket = sample.substring(5, sample.indexOf('/', 5));
        String key = sample.substring(sample.indexOf('/', 5) + 1);
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("""
                insert into run (pipeline, status, attempt, max_attempts, job_name, error_message, file_count,
                    total_bytes, next_attempt_at, created_at, updated_at, finished_at)
                values ('smoke', :status, 1, 1, 'sluice-dev-convert', :error, 1, 64, :now, :now, :now, :now)
                """)
                .param("status", status)
                .param("error", error)
                .param("now", now)
                .update();
        long runId = jdbc.sql("select max(id) from run").query(Long.class).single();
        jdbc.sql("""
                insert into file_arrival (pipeline, bucket, object_key, version_tag, size_bytes, status, run_id,
                    received_at)
                values ('smoke', :bucket, :key, 'v1', 64, :status, :run, :now)
                """)
                .param("bucket", bucket)
                .param("key", key)
                .param("status", status.equals("SUCCEEDED") ? "PROCESSED" : "FAILED")
                .param("run", runId)
                .param("now", now)
                .update();
    }

    private String startFromS3(String track, String commit, String version, byte[] jar) {
        Response started = api.post("/api/v1/releases", requestFromS3(track, commit, version, jar), "ci", "RELEASER");
        assertThat(started.status()).as("%s", started.body()).isEqualTo(202);
        return started.body().get("id").asString();
    }

    /** Puts the build's artifacts into CI's bucket, as the workflow does, and the request that names them. */
    private static String requestFromS3(String track, String commit, String version, byte[] jar) {
        return requestFromS3(track, commit, version, jar, null);
    }

    private static String requestFromS3(String track, String commit, String version, byte[] jar, byte[] parameters) {
        byte[] template = template(track + ".yaml");
        try (S3Client s3 = ciS3()) {
            if (parameters != null) {
                s3.putObject(
                        r -> r.bucket(CI_BUCKET).key(commit + "/parameters.json"), RequestBody.fromBytes(parameters));
            }
            s3.putObject(r -> r.bucket(CI_BUCKET).key(commit + "/" + track + ".yaml"), RequestBody.fromBytes(template));
            if (jar != null) {
                s3.putObject(r -> r.bucket(CI_BUCKET).key(commit + "/glue-job.jar"), RequestBody.fromBytes(jar));
            }
        }
        String templateRef = "{\"uri\":\"s3://" + CI_BUCKET + "/" + commit + "/" + track + ".yaml\",\"sha256\":\""
                + sha256(template) + "\"}";
        String jarRef = jar == null
                ? ""
                : ",\"glueJobJar\":{\"uri\":\"s3://" + CI_BUCKET + "/" + commit + "/glue-job.jar\",\"sha256\":\""
                        + sha256(jar) + "\"}";
        String parametersRef = parameters == null
                ? ""
                : ",\"parameters\":{\"uri\":\"s3://" + CI_BUCKET + "/" + commit + "/parameters.json\",\"sha256\":\""
                        + sha256(parameters) + "\"}";
        return "{\"track\":\"" + track + "\",\"commit\":\"" + commit + "\",\"version\":\"" + version
                + "\",\"artifacts\":{\"template\":" + templateRef + parametersRef + jarRef + "}}";
    }

    private static String request(String track, String commit, String version, String templateSha, String jarSha) {
        return "{\"track\":\"" + track + "\",\"commit\":\"" + commit + "\",\"version\":\"" + version
                + "\",\"artifacts\":{\"template\":{\"sha256\":\"" + templateSha + "\"}"
                + (jarSha == null ? "" : ",\"glueJobJar\":{\"sha256\":\"" + jarSha + "\"}") + "}}";
    }

    private static byte[] newJar() {
        bed.rebuildGlueJobJar();
        try {
            return Files.readAllBytes(bed.glueJobJar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] template(String name) {
        try {
            return Files.readAllBytes(bed.templates.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jar key the environment's Glue job runs, from its --extra-jars. */
    private static String jobJar(String account, String environment) {
        try (GlueClient glue = bed.glue(account)) {
            String location = glue.getJob(r -> r.jobName("sluice-" + environment + "-convert"))
                    .job()
                    .defaultArguments()
                    .get("--extra-jars");
            return location.substring(location.indexOf("glue-job/"));
        }
    }

    /** The infrastructure section of the environment's parameter file, as JSON. */
    private static String infrastructureSection(String environment) {
        String file = new String(template("environments/" + environment + ".json"));
        String section = file.substring(file.indexOf("\"infrastructure\":") + "\"infrastructure\":".length());
        return section.substring(0, section.indexOf('}') + 1);
    }

    private static String stackParameter(String account, String stack, String key) {
        try (CloudFormationClient cloudFormation = bed.cloudFormation(account, "admin")) {
            return cloudFormation.describeStacks(r -> r.stackName(stack)).stacks().get(0).parameters().stream()
                    .filter(p -> p.parameterKey().equals(key))
                    .findFirst()
                    .orElseThrow()
                    .parameterValue();
        }
    }

    private static boolean stackExists(String account, String stack) {
        return !stackStatus(account, stack).equals("MISSING");
    }

    private static String stackStatus(String account, String stack) {
        try (CloudFormationClient cloudFormation = bed.cloudFormation(account, "admin")) {
            return cloudFormation
                    .describeStacks(r -> r.stackName(stack))
                    .stacks()
                    .get(0)
                    .stackStatusAsString();
        } catch (CloudFormationException e) {
            return "MISSING";
        }
    }

    private static S3Client ciS3() {
        return S3Client.builder()
                .endpointOverride(ministack.endpoint())
                .region(Region.of(DeployTestBed.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
