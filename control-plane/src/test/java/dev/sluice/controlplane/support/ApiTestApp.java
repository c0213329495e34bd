package dev.sluice.controlplane.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.TestDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The one embedded-mode Sluice that the API, security, dashboard and embedded-mode tests share:
 * a single Spring context (every subclass has the same configuration, so the context cache hands
 * them the same instance), a real HTTP port, H2 under a temporary home, a test identity provider
 * for JWTs, two deployment environments on the AWS emulator with the release path [dev, prod]
 * (prod behind an approval gate), and eleven pipelines:
 *
 * <ul>
 *   <li>{@code default}: files under {@code input/} become Parquet under {@code output/};
 *   <li>{@code broken}: its output table's directory is a regular file, so every run fails;
 *   <li>{@code flaky}: like {@code broken} until a test calls {@link #unblockFlaky()};
 *   <li>{@code batch13}: a run takes 13 files (or what arrived in 20 s);
 *   <li>{@code small}: a run takes up to 1,000 files, written into Parquet files of about 32 KB;
 *   <li>{@code shape}, {@code shapeui}: tables of their own, for tests that change a table's columns;
 *   <li>{@code iceberg}: one file per run into an Iceberg table of the embedded JDBC catalog;
 *   <li>{@code iceshape}, {@code iceshapeui}: Iceberg tables of their own, whose runs add and widen columns;
 *   <li>{@code split}: a file above 256 KB is converted as ranges of 128 KB.
 * </ul>
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTestApp {

    /** The bootstrap ADMIN token, as {@code SLUICE_BOOTSTRAP_TOKEN} would give it. */
    public static final String ADMIN_TOKEN = "sluice-test-bootstrap-token-0123456789";

    public static final Path HOME = createHome();
    public static final TestIdentityProvider IDP = TestIdentityProvider.start();

    @DynamicPropertySource
    static void sharedInstance(DynamicPropertyRegistry registry) {
        registry.add("sluice.home", HOME::toString);
        registry.add("sluice.security.bootstrap-token", () -> ADMIN_TOKEN);
        registry.add("sluice.security.jwt.issuer-uri", IDP::issuer);
        registry.add("sluice.security.jwt.audience", () -> "sluice");
        registry.add("sluice.security.jwt.roles-claim", () -> "realm_access.roles");
        registry.add("sluice.security.jwt.name-claim", () -> "preferred_username");
        registry.add("sluice.security.jwt.role-mappings.sluice-approvers", () -> "APPROVER");
        registry.add("sluice.runs.poll-interval", () -> "300ms");
        registry.add("sluice.runs.batch-interval", () -> "200ms");
        registry.add("sluice.runs.dispatch-interval", () -> "200ms");
        registry.add("sluice.ingest.watch-interval", () -> "300ms");
        registry.add("sluice.pipelines.default.batch.max-wait", () -> "300ms");
        // One file per run: tests share the instance, and a run must hold only the test's own file.
        registry.add("sluice.pipelines.default.batch.max-files", () -> "1");
        for (String name : List.of("broken", "flaky")) {
            String p = "sluice.pipelines." + name + ".";
            registry.add(p + "input.bucket", () -> name + "-in");
            registry.add(p + "output.bucket", () -> name + "-out");
            registry.add(p + "job.name", () -> "sluice-local");
            registry.add(p + "job.table", () -> "blocked");
            registry.add(p + "batch.max-wait", () -> "300ms");
            registry.add(p + "batch.max-files", () -> "1");
            registry.add(p + "retry.max-attempts", () -> "1");
        }
        // A table of its own for the table view's tests and one for the dashboard's: their runs
        // add, widen and conflict with columns, which no other test should see.
        for (String name : List.of("shape", "shapeui")) {
            String p = "sluice.pipelines." + name + ".";
            registry.add(p + "input.bucket", () -> name + "-in");
            registry.add(p + "output.bucket", () -> name + "-out");
            registry.add(p + "job.name", () -> "sluice-local");
            registry.add(p + "job.table", () -> name);
            registry.add(p + "batch.max-wait", () -> "300ms");
            registry.add(p + "batch.max-files", () -> "1");
            registry.add(p + "retry.max-attempts", () -> "1");
        }
        // Runs of many files, some of which cannot be converted: all of a test's files in one run.
        registry.add("sluice.pipelines.batch13.input.bucket", () -> "batch13-in");
        registry.add("sluice.pipelines.batch13.output.bucket", () -> "batch13-out");
        registry.add("sluice.pipelines.batch13.job.name", () -> "sluice-local");
        registry.add("sluice.pipelines.batch13.job.table", () -> "mixed");
        registry.add("sluice.pipelines.batch13.batch.max-files", () -> "13");
        registry.add("sluice.pipelines.batch13.batch.max-wait", () -> "20s");
        // Right-sized output: many small files of a run share a few Parquet files.
        registry.add("sluice.pipelines.small.input.bucket", () -> "small-in");
        registry.add("sluice.pipelines.small.output.bucket", () -> "small-out");
        registry.add("sluice.pipelines.small.job.name", () -> "sluice-local");
        registry.add("sluice.pipelines.small.job.table", () -> "events");
        registry.add("sluice.pipelines.small.batch.max-files", () -> "1000");
        registry.add("sluice.pipelines.small.batch.max-wait", () -> "10s");
        registry.add("sluice.pipelines.small.output.target-file-size", () -> "32KB");
        // A table in Apache Iceberg format, in the embedded JDBC catalog: one file per run.
        registry.add("sluice.pipelines.iceberg.input.bucket", () -> "iceberg-in");
        registry.add("sluice.pipelines.iceberg.output.bucket", () -> "iceberg-out");
        registry.add("sluice.pipelines.iceberg.output.format", () -> "iceberg");
        registry.add("sluice.pipelines.iceberg.job.name", () -> "sluice-local");
        registry.add("sluice.pipelines.iceberg.job.table", () -> "events");
        registry.add("sluice.pipelines.iceberg.batch.max-wait", () -> "300ms");
        registry.add("sluice.pipelines.iceberg.batch.max-files", () -> "1");
        for (String name : List.of("iceshape", "iceshapeui")) {
            String p = "sluice.pipelines." + name + ".";
            registry.add(p + "input.bucket", () -> name + "-in");
            registry.add(p + "output.bucket", () -> name + "-out");
            registry.add(p + "output.format", () -> "iceberg");
            registry.add(p + "job.name", () -> "sluice-local");
            registry.add(p + "job.table", () -> name);
            registry.add(p + "batch.max-wait", () -> "300ms");
            registry.add(p + "batch.max-files", () -> "1");
            registry.add(p + "retry.max-attempts", () -> "1");
        }
        // Files above 256 KB converted as ranges of 128 KB, each a task of its own.
        registry.add("sluice.pipelines.split.input.bucket", () -> "split-in");
        registry.add("sluice.pipelines.split.output.bucket", () -> "split-out");
        registry.add("sluice.pipelines.split.job.name", () -> "sluice-local");
        registry.add("sluice.pipelines.split.job.table", () -> "split");
        registry.add("sluice.pipelines.split.batch.max-wait", () -> "300ms");
        registry.add("sluice.pipelines.split.batch.max-files", () -> "1");
        registry.add("sluice.pipelines.split.batch.split-above", () -> "256KB");
        registry.add("sluice.pipelines.split.batch.range-size", () -> "128KB");
        // Two deployment targets in accounts of the AWS emulator: dev applies at once, prod waits
        // for an approver. (Accounts of their own, so that other tests' stacks are not in the way.)
        registry.add("spring.cloud.aws.credentials.access-key", () -> AwsEmulator.ACCESS_KEY);
        registry.add("spring.cloud.aws.credentials.secret-key", () -> AwsEmulator.SECRET_KEY);
        registry.add("spring.cloud.aws.region.static", () -> AwsEmulator.REGION);
        registry.add("sluice.deploy.polling.interval", () -> "50ms");
        registry.add("sluice.deploy.polling.max-interval", () -> "400ms");
        environment(registry, "dev", "333333333333", false);
        environment(registry, "prod", "444444444444", true);
        // Releases go dev, then prod after an approver; CI's artifacts are read from the emulator.
        registry.add("sluice.releases.path", () -> "dev,prod");
        registry.add("sluice.releases.gates.prod.approval", () -> "true");
        registry.add("sluice.releases.tick", () -> "300ms");
        registry.add(
                "sluice.releases.artifact-endpoint",
                () -> AwsEmulator.shared().endpoint().toString());
    }

    private static void environment(DynamicPropertyRegistry registry, String name, String account, boolean approval) {
        String p = "sluice.environments." + name + ".";
        registry.add(p + "account-id", () -> account);
        registry.add(p + "region", () -> AwsEmulator.REGION);
        registry.add(p + "endpoint", () -> AwsEmulator.shared().endpoint().toString());
        registry.add(p + "deployer-role-arn", () -> "arn:aws:iam::" + account + ":role/sluice-deployer");
        registry.add(p + "external-id", () -> "sluice-" + name + "-external-id");
        registry.add(p + "requires-approval", () -> Boolean.toString(approval));
        registry.add(p + "parameters[ControlPlanePrincipalArn]", () -> "arn:aws:iam::999999999999:role/sluice");
        registry.add(p + "parameters[ControlPlaneExternalId]", () -> "control-plane-external-id-" + name);
    }

    @LocalServerPort
    protected int port;

    protected Http anonymous() {
        return Http.to(port);
    }

    protected Http admin() {
        return Http.to(port).as(ADMIN_TOKEN);
    }

    /** Creates an API token with these roles (as the bootstrap ADMIN) and returns its secret. */
    protected String tokenFor(String name, String... roles) {
        Http.Answer created = admin().postJson("/api/v1/tokens", Map.of("name", name, "roles", Arrays.asList(roles)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("secret").asString();
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Uploads a CSV to a pipeline and waits for its run to reach {@code status}; returns the run. */
    protected JsonNode runOf(String pipeline, String fileName, String csv, String status) {
        Http.Answer uploaded = admin().upload(pipeline, fileName, csv.getBytes());
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(202);
        long runId = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> runIdOf(pipeline, fileName), id -> id > 0);
        return awaitRun(runId, status);
    }

    protected JsonNode awaitRun(long runId, String status) {
        return await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> admin().get("/api/v1/runs/" + runId).json().path("run"),
                        run -> status.equals(run.path("status").asString()));
    }

    /** A run that failed: a file of the {@code broken} pipeline. */
    protected JsonNode failedRun() {
        return runOf("broken", unique("doomed") + ".csv", "id,name\n1,a\n", "FAILED");
    }

    private long runIdOf(String pipeline, String fileName) {
        JsonNode files = admin().get("/api/v1/files?pipeline=" + pipeline + "&limit=500")
                .json()
                .path("items");
        for (JsonNode file : files) {
            if (file.path("key").asString().equals(fileName) && file.hasNonNull("runId")) {
                return file.path("runId").asLong();
            }
        }
        return -1;
    }

    /** Lets runs of the {@code flaky} pipeline succeed from now on. */
    protected static void unblockFlaky() {
        try {
            Files.deleteIfExists(HOME.resolve("flaky-out/blocked"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createHome() {
        try {
            Path home = TestDirs.temporary("sluice-api-it");
            for (String name : List.of("broken", "flaky")) {
                // A regular file where the job wants the table's directory: the run cannot write.
                Files.createDirectories(home.resolve(name + "-out"));
                Files.writeString(home.resolve(name + "-out/blocked"), "not a directory");
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
