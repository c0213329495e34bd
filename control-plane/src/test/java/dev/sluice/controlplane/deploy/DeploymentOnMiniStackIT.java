package dev.sluice.controlplane.deploy;

import static dev.sluice.controlplane.deploy.DeploymentOnMotoIT.changes;
import static dev.sluice.controlplane.deploy.DeploymentOnMotoIT.events;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.deploy.DeployTestBed.Api;
import dev.sluice.controlplane.deploy.DeployTestBed.Response;
import dev.sluice.controlplane.support.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import tools.jackson.databind.JsonNode;

/**
 * What moto cannot show, on MiniStack (a second emulator from PyPI, pinned in
 * requirements-test.txt), with the state in a real PostgreSQL. MiniStack resolves Fn::ImportValue
 * and keeps outputs and exports of change-set stacks, creates AWS::Glue::Job, records an event per
 * resource, describes the resources an UPDATE change set modifies and the parameter causing it,
 * refuses templates with unknown resource types (ValidationError, as CloudFormation does), fails a
 * resource with an invalid property and rolls the stack back to ROLLBACK_COMPLETE, and implements
 * termination protection. It does not validate Ref targets or IAM policy grammar.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@Import(TestCallers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentOnMiniStackIT {

    static final MiniStackServer ministack = MiniStackServer.shared();
    static final DeployTestBed bed = new DeployTestBed(ministack.endpoint(), "111111111111", "222222222222")
            .withEnvironment("qa", "333333333333");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        TestDatabase.postgres(registry);
        registry.add(
                "sluice.home", () -> bed.templates.getParent().resolve("home").toString());
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    @Order(1)
    void theApplicationStacksImportsResolveToTheInfrastructureStacksExports() {
        List<String> ids = api.start("dev", "all", "apply", "alice");
        JsonNode infrastructure = api.await(ids.get(0), "SUCCEEDED");
        api.await(ids.get(1), "SUCCEEDED");

        Map<String, String> exports = outputs(bed.devAccount, "sluice-dev-infrastructure");
        Map<String, String> application = outputs(bed.devAccount, "sluice-dev-application");
        assertThat(application.get("JobJarLocation"))
                .isEqualTo("s3://sluice-dev-assets-111111111111-us-east-1/" + bed.glueJobJarKey());
        try (GlueClient glue = glue(bed.devAccount)) {
            var job = glue.getJob(r -> r.jobName("sluice-dev-convert")).job();
            assertThat(job.role()).isEqualTo(exports.get("GlueJobRoleArn"));
            assertThat(job.defaultArguments())
                    .containsEntry("--database", "sluice_dev")
                    .containsEntry("--output", "s3://" + exports.get("OutputBucketName") + "/");
            assertThat(job.maxRetries()).isZero();
            String jarKey = bed.glueJobJarKey();
            String scriptKey = jarKey.replace(".jar", ".scala");
            assertThat(job.command().scriptLocation())
                    .as("Glue compiles a Scala script, never the jar")
                    .isEqualTo("s3://sluice-dev-assets-111111111111-us-east-1/" + scriptKey);
            assertThat(job.defaultArguments())
                    .containsEntry("--class", "SluiceGlueEntry")
                    .containsEntry("--extra-jars", "s3://sluice-dev-assets-111111111111-us-east-1/" + jarKey);
            try (S3Client s3 = bed.s3(bed.devAccount)) {
                String script = s3.getObjectAsBytes(r -> r.bucket("sluice-dev-assets-111111111111-us-east-1")
                                .key(scriptKey))
                        .asUtf8String();
                assertThat(script)
                        .contains("object SluiceGlueEntry")
                        .contains("dev.sluice.gluejob.SluiceGlueJob.main(sysArgs)");
            }
        }
        assertThat(events(infrastructure))
                .as("resource-level events are kept")
                .contains(
                        "InputBucket CREATE_IN_PROGRESS",
                        "InputBucket CREATE_COMPLETE",
                        "sluice-dev-infrastructure CREATE_COMPLETE");
    }

    @Test
    @Order(2)
    void prodStacksAreProtectedFromTermination() {
        List<String> ids = api.start("prod", "all", "apply", "alice");
        api.await(ids.get(0), "AWAITING_APPROVAL");
        assertThat(api.post("/" + ids.get(0) + "/approve", null, "bob").status())
                .isEqualTo(200);
        api.await(ids.get(0), "SUCCEEDED");
        api.await(ids.get(1), "AWAITING_APPROVAL");
        assertThat(api.post("/" + ids.get(1) + "/approve", null, "bob").status())
                .isEqualTo(200);
        JsonNode application = api.await(ids.get(1), "SUCCEEDED");

        assertThat(application.get("deployment").get("outcome").get("warning").isNull())
                .isTrue();
        assertThat(stack(bed.prodAccount, "sluice-prod-infrastructure").enableTerminationProtection())
                .isTrue();
        assertThat(stack(bed.prodAccount, "sluice-prod-application").enableTerminationProtection())
                .isTrue();
        assertThat(stack(bed.devAccount, "sluice-dev-application").enableTerminationProtection())
                .isFalse();
    }

    @Test
    @Order(3)
    void aParameterChangeShowsTheResourceItModifiesAndASecondPlanWithNothingChangedSaysSo() {
        String unchanged = api.start("dev", "application", "plan", "alice").get(0);
        assertThat(api.await(unchanged, "NO_CHANGES").get("changes").isEmpty()).isTrue();

        bed.edit("environments/dev.json", "\"MaxConcurrentRuns\": \"2\"", "\"MaxConcurrentRuns\": \"3\"");
        try {
            JsonNode plan =
                    api.await(api.start("dev", "application", "plan", "alice").get(0), "PLANNED");

            assertThat(changes(plan, "PARAMETER")).containsExactly("Change MaxConcurrentRuns 2 -> 3");
            assertThat(changes(plan, "RESOURCE")).containsExactly("Modify ConvertJob AWS::Glue::Job");
            assertThat(plan.get("changes").get(0).get("details").asString())
                    .contains("ExecutionProperty", "MaxConcurrentRuns");
        } finally {
            bed.edit("environments/dev.json", "\"MaxConcurrentRuns\": \"3\"", "\"MaxConcurrentRuns\": \"2\"");
        }
    }

    @Test
    @Order(4)
    void aTemplateWithAnErrorEndsFailedWithCloudFormationsReason() {
        bed.edit("application.yaml", "Type: AWS::Logs::LogGroup", "Type: AWS::Logs::LogGroupp");
        try {
            JsonNode failed =
                    api.await(api.start("dev", "application", "plan", "alice").get(0), "FAILED");

            assertThat(failed.get("deployment")
                            .get("outcome")
                            .get("failureReason")
                            .asString())
                    .contains("application.yaml was refused by CloudFormation", "AWS::Logs::LogGroupp");
        } finally {
            bed.edit("application.yaml", "Type: AWS::Logs::LogGroupp", "Type: AWS::Logs::LogGroup");
        }
        String retry = api.start("dev", "application", "plan", "alice").get(0);
        assertThat(api.await(retry, "NO_CHANGES")
                        .get("deployment")
                        .get("status")
                        .asString())
                .as("the failure released the stack")
                .isEqualTo("NO_CHANGES");
    }

    @Test
    @Order(5)
    void aFailedFirstCreationReportsTheFirstFailingResourceAndIsReplacedByTheNextDeployment() {
        bed.edit("infrastructure.yaml", "VisibilityTimeout: 60", "VisibilityTimeout: 999999");
        JsonNode failed;
        try {
            failed = api.await(
                    api.start("qa", "infrastructure", "apply", "alice").get(0), "FAILED");
        } finally {
            bed.edit("infrastructure.yaml", "VisibilityTimeout: 999999", "VisibilityTimeout: 60");
        }
        JsonNode outcome = failed.get("deployment").get("outcome");
        assertThat(outcome.get("stackStatus").asString()).isEqualTo("ROLLBACK_COMPLETE");
        assertThat(outcome.get("failedResource").asString()).isIn("NotificationQueue", "GlueEventsQueue");
        assertThat(outcome.get("failureReason").asString()).contains("VisibilityTimeout");
        assertThat(events(failed)).contains("sluice-qa-infrastructure ROLLBACK_COMPLETE");

        // The failed creation kept its buckets (DeletionPolicy: Retain), as CloudFormation does; the
        // next creation deletes the ROLLBACK_COMPLETE stack but fails validation on their names.
        JsonNode blocked =
                api.await(api.start("qa", "infrastructure", "apply", "alice").get(0), "FAILED");
        JsonNode blockedOutcome = blocked.get("deployment").get("outcome");
        assertThat(blockedOutcome.get("warning").asString()).contains("left in ROLLBACK_COMPLETE");
        assertThat(blockedOutcome.get("failedResource").asString()).isIn("AccessLogBucket", "AssetsBucket");
        assertThat(blockedOutcome.get("failureReason").asString())
                .contains("pre-deployment validation failed", "already exists");
        assertThat(blockedOutcome.get("remedy").asString()).contains("DeletionPolicy");

        try (S3Client s3 = bed.s3("333333333333")) {
            s3.listBuckets().buckets().stream()
                    .filter(b -> b.name().startsWith("sluice-qa-"))
                    .forEach(b -> s3.deleteBucket(r -> r.bucket(b.name())));
        }
        JsonNode recreated =
                api.await(api.start("qa", "infrastructure", "apply", "alice").get(0), "SUCCEEDED");

        assertThat(recreated.get("deployment").get("outcome").get("warning").asString())
                .contains("left in ROLLBACK_COMPLETE");
        assertThat(recreated.get("deployment").get("changeSet").get("type").asString())
                .isEqualTo("CREATE");
        assertThat(stack("333333333333", "sluice-qa-infrastructure").stackStatusAsString())
                .isEqualTo("CREATE_COMPLETE");
    }

    @Test
    @Order(6)
    void concurrentRequestsForOneStackGetOne202AndOtherwise409() throws Exception {
        bed.edit("environments/prod.json", "\"RejectsRetentionDays\": \"180\"", "\"RejectsRetentionDays\": \"182\"");
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Response>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String user = "operator-" + i;
                requests.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(start);
                    return api.post(
                            "", "{\"environment\":\"prod\",\"stack\":\"infrastructure\",\"action\":\"apply\"}", user);
                }));
            }
            start.countDown();
            List<Response> responses =
                    requests.stream().map(CompletableFuture::join).toList();

            Map<Integer, Long> byStatus =
                    responses.stream().collect(Collectors.groupingBy(Response::status, Collectors.counting()));
            assertThat(byStatus).containsOnly(Map.entry(202, 1L), Map.entry(409, 5L));
            String winner = responses.stream()
                    .filter(r -> r.status() == 202)
                    .findFirst()
                    .orElseThrow()
                    .body()
                    .get("deployments")
                    .get(0)
                    .get("id")
                    .asString();
            assertThat(responses)
                    .filteredOn(r -> r.status() == 409)
                    .allSatisfy(
                            r -> assertThat(r.body().get("blockingDeployment").asString())
                                    .isEqualTo(winner));

            api.await(winner, "AWAITING_APPROVAL");
            assertThat(api.post("/" + winner + "/reject", null, "bob").status()).isEqualTo(200);
        } finally {
            bed.edit(
                    "environments/prod.json", "\"RejectsRetentionDays\": \"182\"", "\"RejectsRetentionDays\": \"180\"");
        }
    }

    @Test
    @Order(7)
    void aPlanOfANewStackLeavesItInReviewAndTheNextApplyCreatesIt() {
        JsonNode plan =
                api.await(api.start("qa", "application", "plan", "alice").get(0), "PLANNED");
        assertThat(plan.get("deployment").get("changeSet").get("type").asString())
                .isEqualTo("CREATE");
        // MiniStack lists the resources whose condition is false (the table optimizers of empty
        // IcebergTable slots) as Add in a CREATE change set; CloudFormation leaves them out.
        assertThat(changes(plan, "RESOURCE"))
                .filteredOn(change -> !change.endsWith(" AWS::Glue::TableOptimizer"))
                .containsExactlyInAnyOrder("Add JobLogGroup AWS::Logs::LogGroup", "Add ConvertJob AWS::Glue::Job");
        assertThat(stack("333333333333", "sluice-qa-application").stackStatusAsString())
                .as("the plan's change set is gone, the empty stack waits in review")
                .isEqualTo("REVIEW_IN_PROGRESS");

        JsonNode applied =
                api.await(api.start("qa", "application", "apply", "alice").get(0), "SUCCEEDED");

        assertThat(applied.get("deployment").get("changeSet").get("type").asString())
                .isEqualTo("CREATE");
        assertThat(stack("333333333333", "sluice-qa-application").stackStatusAsString())
                .isEqualTo("CREATE_COMPLETE");
    }

    // ------------------------------------------------------------------ helpers

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Stack stack(String account, String name) {
        try (CloudFormationClient cloudFormation = bed.cloudFormation(account, "admin")) {
            return cloudFormation
                    .describeStacks(r -> r.stackName(name))
                    .stacks()
                    .get(0);
        }
    }

    private Map<String, String> outputs(String account, String name) {
        return stack(account, name).outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private GlueClient glue(String account) {
        try (StsClient sts = StsClient.builder()
                .endpointOverride(bed.endpoint)
                .region(Region.of(DeployTestBed.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            var c = sts.assumeRole(r ->
                            r.roleArn("arn:aws:iam::" + account + ":role/admin").roleSessionName("t"))
                    .credentials();
            return GlueClient.builder()
                    .endpointOverride(bed.endpoint)
                    .region(Region.of(DeployTestBed.REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                                    c.accessKeyId(), c.secretAccessKey(), c.sessionToken())))
                    .build();
        }
    }
}
