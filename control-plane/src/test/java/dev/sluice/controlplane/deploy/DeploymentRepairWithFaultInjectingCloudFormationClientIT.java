package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.deploy.DeployTestBed.Api;
import dev.sluice.controlplane.deploy.DeployTestBed.Response;
import dev.sluice.controlplane.deploy.FaultInjectingCloudFormationClient.Faults;
import dev.sluice.controlplane.deploy.FaultInjectingCloudFormationClient.Scenario;
import dev.sluice.controlplane.environments.AccountClients;
import dev.sluice.controlplane.environments.Environment;
import dev.sluice.testsupport.AwsEmulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import tools.jackson.databind.JsonNode;

/**
 * The CloudFormation states no emulator here produces, played by
 * {@link FaultInjectingCloudFormationClient} in front of the shared emulator: the stacks, change
 * sets and the plan are real (moto); what happens when the change set executes is injected.
 * UPDATE_ROLLBACK_FAILED and ContinueUpdateRollback, "export in use", and throttling come from
 * the fault-injecting client; everything else from the emulator.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:deploy-faults;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "server.address=127.0.0.1"
        })
@Import({TestCallers.class, DeploymentRepairWithFaultInjectingCloudFormationClientIT.InjectFaults.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentRepairWithFaultInjectingCloudFormationClientIT {

    static final DeployTestBed bed = new DeployTestBed(AwsEmulator.shared().endpoint(), "444444444444", "555555555555");
    static final Faults faults = new Faults();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add(
                "sluice.home", () -> bed.templates.getParent().resolve("home").toString());
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class InjectFaults {
        @Bean
        @Primary
        AccountClients faultInjectingAccountClients(ObjectProvider<AwsCredentialsProvider> credentials) {
            return new AccountClients(credentials) {
                @Override
                public CloudFormationClient cloudFormation(Environment environment) {
                    return new FaultInjectingCloudFormationClient(super.cloudFormation(environment), faults);
                }
            };
        }
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeAll
    void deployDev() {
        api = new Api(port);
        List<String> ids = api.start("dev", "all", "apply", "alice");
        api.await(ids.get(0), "SUCCEEDED");
        api.await(ids.get(1), "SUCCEEDED");
    }

    @BeforeEach
    void resetFaults() {
        faults.reset();
    }

    @Test
    void anUpdateRollbackFailedIsReportedWithItsRemedyAndTheRollbackCanBeContinued() {
        bed.edit("environments/dev.json", "\"MaxConcurrentRuns\": \"2\"", "\"MaxConcurrentRuns\": \"4\"");
        try {
            faults.onExecute.put("sluice-dev-application", Scenario.UPDATE_ROLLBACK_FAILED);
            String id = api.start("dev", "application", "apply", "alice").get(0);

            JsonNode stuck = api.await(id, "ROLLBACK_FAILED");
            JsonNode outcome = stuck.get("deployment").get("outcome");
            assertThat(outcome.get("stackStatus").asString()).isEqualTo("UPDATE_ROLLBACK_FAILED");
            assertThat(outcome.get("failedResource").asString()).isEqualTo("ConvertJob");
            assertThat(outcome.get("failureReason").asString()).contains("not authorized to perform: glue:UpdateJob");
            assertThat(outcome.get("remedy").asString())
                    .contains("POST /api/v1/deployments/" + id + "/continue-rollback")
                    .contains("{\"resourcesToSkip\": [\"ConvertJob\"]}");
            assertThat(DeploymentOnMotoIT.events(stuck))
                    .containsSubsequence(
                            "ConvertJob UPDATE_FAILED",
                            "sluice-dev-application UPDATE_ROLLBACK_IN_PROGRESS",
                            "ConvertJob UPDATE_FAILED",
                            "sluice-dev-application UPDATE_ROLLBACK_FAILED");

            Response blocked =
                    api.post("", "{\"environment\":\"dev\",\"stack\":\"application\",\"action\":\"plan\"}", "carol");
            assertThat(blocked.status()).as("the stuck stack stays claimed").isEqualTo(409);

            Response continued =
                    api.post("/" + id + "/continue-rollback", "{\"resourcesToSkip\":[\"ConvertJob\"]}", "bob");
            assertThat(continued.status()).isEqualTo(202);
            JsonNode rolledBack = api.await(id, "FAILED");

            assertThat(faults.continuedRollbacks).containsExactly(List.of("ConvertJob"));
            JsonNode after = rolledBack.get("deployment").get("outcome");
            assertThat(after.get("stackStatus").asString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
            assertThat(after.get("failedResource").asString()).isEqualTo("ConvertJob");
            assertThat(after.get("remedy").isNull()).isTrue();
            assertThat(api.post("/" + id + "/continue-rollback", null, "bob").status())
                    .as("nothing left to continue")
                    .isEqualTo(409);
            Response free =
                    api.post("", "{\"environment\":\"dev\",\"stack\":\"application\",\"action\":\"plan\"}", "carol");
            assertThat(free.status()).as("the stack is free again").isEqualTo(202);
            api.await(free.body().get("deployments").get(0).get("id").asString(), "PLANNED", "NO_CHANGES");
        } finally {
            bed.edit("environments/dev.json", "\"MaxConcurrentRuns\": \"4\"", "\"MaxConcurrentRuns\": \"2\"");
        }
    }

    @Test
    void anExportInUseIsReportedWithTheStackThatImportsIt() {
        bed.edit("environments/dev.json", "\"RejectsRetentionDays\": \"30\"", "\"RejectsRetentionDays\": \"31\"");
        try {
            faults.onExecute.put("sluice-dev-infrastructure", Scenario.EXPORT_IN_USE);
            String id = api.start("dev", "infrastructure", "apply", "alice").get(0);

            JsonNode failed = api.await(id, "FAILED");

            JsonNode outcome = failed.get("deployment").get("outcome");
            assertThat(outcome.get("stackStatus").asString()).isEqualTo("UPDATE_ROLLBACK_COMPLETE");
            assertThat(outcome.get("failureReason").asString())
                    .contains("cannot be updated as it is in use by sluice-dev-application");
            assertThat(outcome.get("remedy").asString())
                    .startsWith("Export dev-sluice-AssetsBucketName is in use by stack sluice-dev-application");
        } finally {
            bed.edit("environments/dev.json", "\"RejectsRetentionDays\": \"31\"", "\"RejectsRetentionDays\": \"30\"");
        }
    }

    @Test
    void throttlingDoublesThePauseAndTheDeploymentStillSucceeds() {
        bed.edit("environments/dev.json", "\"ReportsRetentionDays\": \"90\"", "\"ReportsRetentionDays\": \"91\"");
        try {
            faults.describeStacksToThrottle.put("sluice-dev-infrastructure", new AtomicInteger(4));
            String id = api.start("dev", "infrastructure", "apply", "alice").get(0);

            api.await(id, "SUCCEEDED");

            assertThat(faults.throttledAt).hasSize(4);
            // polling interval 50ms, max 400ms: the pauses after each throttled call are 100, 200, 400ms
            assertThat(Duration.between(faults.throttledAt.get(0), faults.throttledAt.get(1)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(100));
            assertThat(Duration.between(faults.throttledAt.get(1), faults.throttledAt.get(2)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200));
            assertThat(Duration.between(faults.throttledAt.get(2), faults.throttledAt.get(3)))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        } finally {
            bed.edit("environments/dev.json", "\"ReportsRetentionDays\": \"91\"", "\"ReportsRetentionDays\": \"90\"");
        }
    }
}
