package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.deploy.DeployTestBed.Api;
import dev.sluice.controlplane.deploy.DeployTestBed.Response;
import dev.sluice.testsupport.AwsEmulator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * Deployments into two accounts of the shared emulator (moto here), through AssumeRole into each
 * account's deployer role, over the REST API. The methods build on each other in order: dev and
 * prod are deployed first, later methods change them.
 *
 * <p>What moto 5.2 does and what it does not (checked against its source and by hand): resources
 * land in the account of the assumed role; a CREATE change set lists its resources as Add; an
 * UPDATE change set with nothing new FAILS with CloudFormation's "didn't contain changes" reason;
 * an UPDATE change set lists no resource changes (so parameter changes are checked here through
 * Sluice's own parameter comparison); outputs and exports of change-set stacks are lost, so
 * Fn::ImportValue is never resolved (see DeploymentOnMiniStackIT); AWS::Glue::* resources
 * and S3 notifications are skipped; events are stack-level only; nothing ever fails or rolls back
 * (see DeploymentRepairWithFaultInjectingCloudFormationClientIT); UpdateTerminationProtection
 * is not implemented (a 500), which Sluice records as a warning.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:deploy-moto;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "server.address=127.0.0.1"
        })
@Import(TestCallers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeploymentOnMotoIT {

    static final AwsEmulator emulator = AwsEmulator.shared();
    static final DeployTestBed bed = new DeployTestBed(emulator.endpoint(), "111111111111", "222222222222");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add(
                "sluice.home", () -> bed.templates.getParent().resolve("home").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    DeploymentRepository repository;

    @Autowired
    DeploymentRunner runner;

    /** Cumulative counts; the composite registry would answer with the CloudWatch registry's last step. */
    @Autowired
    PrometheusMeterRegistry meters;

    Api api;

    @BeforeEach
    void api() {
        api = new Api(port);
    }

    @Test
    @Order(1)
    void devAppliesAtOnceAndProdWaitsForAnApproverWhoIsNotTheRequester() {
        List<String> dev = api.start("dev", "all", "apply", "alice");
        assertThat(dev).hasSize(2);
        JsonNode infrastructure = api.await(dev.get(0), "SUCCEEDED");
        JsonNode application = api.await(dev.get(1), "SUCCEEDED");

        assertThat(infrastructure
                        .get("deployment")
                        .get("request")
                        .get("requestedBy")
                        .asString())
                .isEqualTo("alice");
        assertThat(infrastructure.get("deployment").get("request").get("stack").asString())
                .isEqualTo("infrastructure");
        assertThat(infrastructure.get("deployment").get("request").get("action").asString())
                .isEqualTo("apply");
        assertThat(infrastructure.get("deployment").get("approvedBy").isNull()).isTrue();
        assertThat(changes(infrastructure, "RESOURCE"))
                .contains("Add InputBucket AWS::S3::Bucket", "Add ControlPlaneAccessRole AWS::IAM::Role");
        assertThat(events(infrastructure)).contains("sluice-dev-infrastructure CREATE_COMPLETE");
        assertThat(infrastructure
                        .get("deployment")
                        .get("timings")
                        .get("finished")
                        .isNull())
                .isFalse();

        String key = bed.glueJobJarKey();
        assertThat(application.get("deployment").get("assetKey").asString()).isEqualTo(key);
        try (S3Client s3 = bed.s3(bed.devAccount)) {
            assertThat(s3.headObject(r -> r.bucket("sluice-dev-assets-111111111111-us-east-1")
                                    .key(key))
                            .contentLength())
                    .isPositive();
        }
        assertThat(stack(bed.devAccount, "sluice-dev-application").stackStatusAsString())
                .isEqualTo("CREATE_COMPLETE");
        assertThatThrownBy(() -> stack(bed.prodAccount, "sluice-dev-application"))
                .as("dev's stacks are in dev's account only")
                .isInstanceOf(CloudFormationException.class);

        List<String> prod = api.start("prod", "all", "apply", null);
        api.await(prod.get(0), "AWAITING_APPROVAL");
        assertThat(api.detail(prod.get(1)).get("deployment").get("status").asString())
                .isEqualTo("QUEUED");

        Response selfApproval = api.post("/" + prod.get(0) + "/approve", null, null);
        assertThat(selfApproval.status()).isEqualTo(403);
        assertThat(selfApproval.body().get("detail").asString()).contains("anonymous requested deployment");
        Response renamedSelf = api.postAs(
                "/" + prod.get(0) + "/approve",
                null,
                TestCallers.bearerWithSubject("subject-of-anonymous", "not-me", "ADMIN"));
        assertThat(renamedSelf.status())
                .as("the requester under another name is still the requester")
                .isEqualTo(403);

        assertThat(api.post("/" + prod.get(0) + "/approve", null, "bob").status())
                .isEqualTo(200);
        JsonNode prodInfrastructure = api.await(prod.get(0), "SUCCEEDED");
        assertThat(prodInfrastructure.get("deployment").get("approvedBy").asString())
                .isEqualTo("bob");
        api.await(prod.get(1), "AWAITING_APPROVAL");
        assertThat(api.post("/" + prod.get(1) + "/approve", null, "bob").status())
                .isEqualTo(200);
        JsonNode prodApplication = api.await(prod.get(1), "SUCCEEDED");
        assertThat(stack(bed.prodAccount, "sluice-prod-application").stackStatusAsString())
                .isEqualTo("CREATE_COMPLETE");

        if (emulator.kind() == AwsEmulator.Kind.MOTO) {
            assertThat(prodApplication
                            .get("deployment")
                            .get("outcome")
                            .get("warning")
                            .asString())
                    .as("moto lacks UpdateTerminationProtection")
                    .contains("termination protection could not be enabled");
        } else {
            assertThat(stack(bed.prodAccount, "sluice-prod-application").enableTerminationProtection())
                    .isTrue();
        }
    }

    @Test
    @Order(2)
    void aSecondPlanWithNothingChangedSaysSo() {
        String id = api.start("dev", "infrastructure", "plan", "alice").get(0);

        JsonNode plan = api.await(id, "NO_CHANGES");

        assertThat(plan.get("changes").isEmpty()).isTrue();
        assertThat(plan.get("deployment").get("outcome").get("failureReason").isNull())
                .isTrue();
        assertThat(finished("dev", "infrastructure", "NO_CHANGES")).isEqualTo(1);
        assertThat(finished("dev", "infrastructure", "SUCCEEDED")).isEqualTo(1);
        assertThat(finished("prod", "application", "SUCCEEDED")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void changingAParameterGivesAPlanWithExactlyThatChange() {
        bed.edit("environments/dev.json", "\"MaxConcurrentRuns\": \"2\"", "\"MaxConcurrentRuns\": \"3\"");
        try {
            String id = api.start("dev", "application", "plan", "alice").get(0);

            JsonNode plan = api.await(id, "PLANNED");

            assertThat(changes(plan, "PARAMETER")).containsExactly("Change MaxConcurrentRuns 2 -> 3");
            assertThat(plan.get("deployment").get("changeSet").get("type").asString())
                    .isEqualTo("UPDATE");
        } finally {
            bed.edit("environments/dev.json", "\"MaxConcurrentRuns\": \"3\"", "\"MaxConcurrentRuns\": \"2\"");
        }
    }

    @Test
    @Order(4)
    void aNewGlueJobBuildIsRedeployedWithOneCall() {
        String oldKey = bed.glueJobJarKey();
        bed.rebuildGlueJobJar();
        String newKey = bed.glueJobJarKey();

        Response response = api.post("/redeploy", "{\"environment\":\"dev\"}", "alice");
        assertThat(response.status()).isEqualTo(202);
        JsonNode redeploy = api.await(response.body().get("id").asString(), "SUCCEEDED");

        assertThat(changes(redeploy, "PARAMETER")).containsExactly("Change JobJarKey " + oldKey + " -> " + newKey);
        assertThat(stack(bed.devAccount, "sluice-dev-application").parameters()).anySatisfy(p -> {
            assertThat(p.parameterKey()).isEqualTo("JobJarKey");
            assertThat(p.parameterValue()).isEqualTo(newKey);
        });
        try (S3Client s3 = bed.s3(bed.devAccount)) {
            assertThat(s3.headObject(r -> r.bucket("sluice-dev-assets-111111111111-us-east-1")
                                    .key(newKey))
                            .contentLength())
                    .isPositive();
        }
    }

    @Test
    @Order(5)
    void aSecondRequestForABusyStackGets409AndARejectionDeletesTheChangeSet() {
        bed.edit("environments/prod.json", "\"RejectsRetentionDays\": \"180\"", "\"RejectsRetentionDays\": \"181\"");
        try {
            String first = api.start("prod", "infrastructure", "apply", "alice").get(0);
            JsonNode waiting = api.await(first, "AWAITING_APPROVAL");
            assertThat(changes(waiting, "PARAMETER")).containsExactly("Change RejectsRetentionDays 180 -> 181");
            String changeSet =
                    waiting.get("deployment").get("changeSet").get("name").asString();
            assertThat(changeSetNames(bed.prodAccount, "sluice-prod-infrastructure"))
                    .contains(changeSet);

            Response second = api.post("", "{\"environment\":\"prod\",\"stack\":\"all\",\"action\":\"plan\"}", "carol");
            assertThat(second.status()).isEqualTo(409);
            assertThat(second.body().get("blockingDeployment").asString()).isEqualTo(first);
            assertThat(second.body().get("detail").asString()).contains("one deployment at a time");

            assertThat(api.post("/" + first + "/reject", null, "alice").status())
                    .as("the requester cannot reject either")
                    .isEqualTo(403);
            Response rejected = api.post("/" + first + "/reject", null, "bob");
            assertThat(rejected.status()).isEqualTo(200);
            assertThat(rejected.body().get("status").asString()).isEqualTo("REJECTED");
            assertThat(changeSetNames(bed.prodAccount, "sluice-prod-infrastructure"))
                    .doesNotContain(changeSet);
            assertThat(api.post("/" + first + "/approve", null, "bob").status())
                    .as("a decided deployment cannot be approved")
                    .isEqualTo(409);

            String next = api.start("prod", "infrastructure", "plan", "carol").get(0);
            assertThat(changes(api.await(next, "PLANNED"), "PARAMETER"))
                    .containsExactly("Change RejectsRetentionDays 180 -> 181");
        } finally {
            bed.edit(
                    "environments/prod.json", "\"RejectsRetentionDays\": \"181\"", "\"RejectsRetentionDays\": \"180\"");
        }
    }

    @Test
    @Order(6)
    void anApprovalInterruptedByARestartIsCarriedOutAfterIt() {
        bed.edit("environments/prod.json", "\"ReportsRetentionDays\": \"730\"", "\"ReportsRetentionDays\": \"731\"");
        try {
            String id = api.start("prod", "infrastructure", "apply", "alice").get(0);
            api.await(id, "AWAITING_APPROVAL");
            // As if the service stopped right after storing the approval, before anything ran it.
            assertThat(repository.update(
                            id,
                            DeploymentStatus.AWAITING_APPROVAL,
                            (d, now) -> d.to(DeploymentStatus.APPROVED, now).decidedBy("bob", now)))
                    .isTrue();

            runner.resumeUnfinished();

            JsonNode done = api.await(id, "SUCCEEDED");
            assertThat(done.get("deployment").get("approvedBy").asString()).isEqualTo("bob");
            assertThat(stack(bed.prodAccount, "sluice-prod-infrastructure").parameters())
                    .anySatisfy(p -> {
                        assertThat(p.parameterKey()).isEqualTo("ReportsRetentionDays");
                        assertThat(p.parameterValue()).isEqualTo("731");
                    });
        } finally {
            bed.edit(
                    "environments/prod.json", "\"ReportsRetentionDays\": \"731\"", "\"ReportsRetentionDays\": \"730\"");
        }
    }

    @Test
    @Order(7)
    void historyShowsRequesterApproverChangeSetAndTimingsNewestFirst() {
        Response history = api.get("?environment=prod");

        assertThat(history.status()).isEqualTo(200);
        List<JsonNode> deployments = history.body().valueStream().toList();
        assertThat(deployments)
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("request").get("environment").asString())
                        .isEqualTo("prod"));
        assertThat(deployments)
                .extracting(d -> d.get("timings").get("created").asString())
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(deployments)
                .filteredOn(d -> d.get("status").asString().equals("SUCCEEDED"))
                .allSatisfy(d -> {
                    assertThat(d.get("approvedBy").asString()).isEqualTo("bob");
                    assertThat(d.get("changeSet").get("name").asString()).startsWith("sluice-");
                    assertThat(d.get("timings").get("started").isNull()).isFalse();
                });
    }

    @Test
    @Order(8)
    void unknownDeploymentsAndBadRequestsAreProblemDetails() {
        Response missing = api.get("/no-such-deployment");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("detail").asString()).contains("no-such-deployment");
        assertThat(api.post("/no-such-deployment/approve", null, "bob").status())
                .isEqualTo(404);

        Response unknownEnvironment =
                api.post("", "{\"environment\":\"qa\",\"stack\":\"all\",\"action\":\"plan\"}", "alice");
        assertThat(unknownEnvironment.status()).isEqualTo(404);
        assertThat(unknownEnvironment.body().get("type").asString())
                .isEqualTo("https://sluice.dev/problems/unknown-environment");
        assertThat(unknownEnvironment.body().get("environment").asString()).isEqualTo("qa");
        assertThat(unknownEnvironment.body().get("detail").asString()).contains("'qa'", "dev, prod");

        Response badStack = api.post("", "{\"environment\":\"dev\",\"stack\":\"database\",\"action\":\"plan\"}", null);
        assertThat(badStack.status()).isEqualTo(400);
        assertThat(badStack.body().get("field").asString()).isEqualTo("stack");

        Response missingAction = api.post("", "{\"environment\":\"dev\",\"stack\":\"all\"}", null);
        assertThat(missingAction.status()).isEqualTo(400);
        assertThat(missingAction.body().get("detail").asString()).contains("action");
    }

    // ------------------------------------------------------------------ helpers

    private Stack stack(String account, String name) {
        try (CloudFormationClient cloudFormation = bed.cloudFormation(account, "admin")) {
            return cloudFormation
                    .describeStacks(r -> r.stackName(name))
                    .stacks()
                    .get(0);
        }
    }

    private List<String> changeSetNames(String account, String stack) {
        try (CloudFormationClient cloudFormation = bed.cloudFormation(account, "admin")) {
            return cloudFormation.listChangeSets(r -> r.stackName(stack)).summaries().stream()
                    .map(s -> s.changeSetName())
                    .toList();
        }
    }

    static List<String> changes(JsonNode detail, String kind) {
        return detail.get("changes")
                .valueStream()
                .filter(c -> c.get("kind").asString().equals(kind))
                .map(c -> kind.equals("PARAMETER")
                        ? c.get("action").asString() + " " + c.get("logicalId").asString() + " "
                                + c.get("details").asString()
                        : c.get("action").asString() + " " + c.get("logicalId").asString() + " "
                                + c.get("resourceType").asString())
                .toList();
    }

    static List<String> events(JsonNode detail) {
        return detail.get("events")
                .valueStream()
                .map(e -> e.get("logicalId").asString() + " " + e.get("status").asString())
                .toList();
    }

    /** Deployments by outcome, as the metrics count them. */
    private double finished(String environment, String stack, String status) {
        Counter counter = meters.find("sluice.deployments.finished")
                .tags("environment", environment, "stack", stack, "status", status)
                .counter();
        assertThat(counter).as(environment + " " + stack + " " + status).isNotNull();
        return counter.count();
    }
}
