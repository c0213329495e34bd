package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.controlplane.deploy.DeployTestBed.Api;
import dev.sluice.testsupport.AwsEmulator;
import dev.sluice.testsupport.HttpFaultProxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import tools.jackson.databind.JsonNode;

/**
 * An apply whose CloudFormation calls time out: the proxy in front of the emulator forwards the
 * calls and drops their answers, as a connection that times out after the request went through
 * does. ExecuteChangeSet takes effect without Sluice hearing so, and the looks at the stack that
 * follow fail more often in a row than the SDK retries. The deployment keeps following the stack
 * and ends with the stack's real outcome instead of FAILED.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:deploy-cfn-timeouts;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
            "server.address=127.0.0.1"
        })
@Import(TestCallers.class)
class DeploymentUnderCloudFormationTimeoutsIT {

    static final HttpFaultProxy proxy =
            HttpFaultProxy.start(AwsEmulator.shared().endpoint());
    static final DeployTestBed bed = new DeployTestBed(proxy.endpoint(), "666666666666", "677777777777");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        bed.register(registry);
        registry.add(
                "sluice.home", () -> bed.templates.getParent().resolve("home").toString());
    }

    @AfterAll
    static void stopProxy() {
        proxy.close();
    }

    @LocalServerPort
    int port;

    @Test
    void anApplyWhoseCloudFormationCallsTimeOutFollowsTheStackToItsRealOutcome() {
        AtomicInteger executes = new AtomicInteger();
        // The answers to the first three ExecuteChangeSet calls are lost: the SDK's attempts all
        // fail although the first one took effect, and Sluice repeats the call.
        proxy.inject(new HttpFaultProxy.DropAnswer(first(3, counted(operation("ExecuteChangeSet"), executes), any())));
        // Then the next five looks at the stack's events: more than the SDK's three attempts.
        proxy.inject(new HttpFaultProxy.DropAnswer(first(5, operation("DescribeStackEvents"), afterExecute(executes))));

        List<String> ids = new Api(port).start("dev", "infrastructure", "apply", "alice");
        JsonNode detail = new Api(port).await(ids.get(0), "SUCCEEDED");

        assertThat(executes).as("ExecuteChangeSet reached the emulator").hasPositiveValue();
        assertThat(proxy.faulted())
                .as("answers lost: ExecuteChangeSet and DescribeStackEvents, more than the SDK retries")
                .isEqualTo(3 + 5);
        try (CloudFormationClient cloudFormation = bed.cloudFormation(bed.devAccount, "admin")) {
            String stackStatus = cloudFormation
                    .describeStacks(r -> r.stackName("sluice-dev-infrastructure"))
                    .stacks()
                    .get(0)
                    .stackStatusAsString();
            assertThat(stackStatus).isEqualTo("CREATE_COMPLETE");
            assertThat(detail.get("deployment")
                            .get("outcome")
                            .get("stackStatus")
                            .asString())
                    .as("the deployment ends with the stack's outcome")
                    .isEqualTo(stackStatus);
        }
    }

    private static Predicate<HttpFaultProxy.Request> operation(String name) {
        return request -> request.operation().equals(name);
    }

    private static Predicate<HttpFaultProxy.Request> counted(
            Predicate<HttpFaultProxy.Request> selects, AtomicInteger count) {
        return request -> {
            if (!selects.test(request)) {
                return false;
            }
            count.incrementAndGet();
            return true;
        };
    }

    private static Predicate<HttpFaultProxy.Request> any() {
        return request -> true;
    }

    private static Predicate<HttpFaultProxy.Request> afterExecute(AtomicInteger executes) {
        return request -> executes.get() > 0;
    }

    private static Predicate<HttpFaultProxy.Request> first(
            int times, Predicate<HttpFaultProxy.Request> selects, Predicate<HttpFaultProxy.Request> when) {
        AtomicInteger left = new AtomicInteger(times);
        return request -> selects.test(request) && when.test(request) && left.getAndDecrement() > 0;
    }
}
