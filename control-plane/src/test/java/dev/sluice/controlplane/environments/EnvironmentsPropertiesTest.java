package dev.sluice.controlplane.environments;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class EnvironmentsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(EnvironmentsProperties.class)
    static class Bind {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(Bind.class, Environments.class)
            .withPropertyValues(
                    "sluice.environments.prod.account-id=222222222222",
                    "sluice.environments.prod.region=eu-west-1",
                    "sluice.environments.prod.deployer-role-arn=arn:aws:iam::222222222222:role/sluice-deployer",
                    "sluice.environments.prod.execution-role-arn=arn:aws:iam::222222222222:role/sluice-cfn-execution",
                    "sluice.environments.prod.external-id=prod-external-id-0123",
                    "sluice.environments.prod.requires-approval=true",
                    "sluice.environments.prod.termination-protection=true",
                    "sluice.environments.prod.parameters[AlarmEmail]=ops@example.com");

    @Test
    void anEnvironmentBindsToAnImmutableRecordWithItsDefaults() {
        context.withPropertyValues(
                        "sluice.environments.dev.account-id=111111111111",
                        "sluice.environments.dev.region=us-east-1",
                        "sluice.environments.dev.deployer-role-arn=arn:aws:iam::111111111111:role/sluice-deployer",
                        "sluice.environments.dev.external-id=dev-external-id-0123",
                        "sluice.environments.dev.endpoint=http://127.0.0.1:4566")
                .run(ctx -> {
                    Environments environments = ctx.getBean(Environments.class);
                    assertThat(environments.names()).containsExactly("dev", "prod");
                    Environment prod = environments.require("prod");
                    assertThat(prod.requiresApproval()).isTrue();
                    assertThat(prod.terminationProtection()).isTrue();
                    assertThat(prod.executionRoleArn()).contains("arn:aws:iam::222222222222:role/sluice-cfn-execution");
                    assertThat(prod.parameters()).containsEntry("AlarmEmail", "ops@example.com");
                    assertThat(prod.stackName("application")).isEqualTo("sluice-prod-application");
                    assertThat(prod.toString()).doesNotContain("prod-external-id");
                    Environment dev = environments.require("dev");
                    assertThat(dev.requiresApproval()).isFalse();
                    assertThat(dev.executionRoleArn()).isEmpty();
                    assertThat(dev.endpoint()).contains(URI.create("http://127.0.0.1:4566"));
                });
    }

    @Test
    void aBadAccountIdFailsStartUpNamingTheProperty() {
        context.withPropertyValues("sluice.environments.prod.account-id=2222")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("environments[prod].accountId")
                        .hasMessageContaining("12-digit"));
    }

    @Test
    void aDeployerRoleInAnotherAccountFailsStartUp() {
        context.withPropertyValues(
                        "sluice.environments.prod.deployer-role-arn=arn:aws:iam::111111111111:role/sluice-deployer")
                .run(ctx -> assertThat(ctx)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("deployer-role-arn must name a role in account-id"));
    }

    @Test
    void anEnvironmentNameThatCannotBePartOfResourceNamesFailsStartUp() {
        context.withPropertyValues(
                        "sluice.environments.Prod-EU.account-id=333333333333",
                        "sluice.environments.Prod-EU.region=eu-west-1",
                        "sluice.environments.Prod-EU.deployer-role-arn=arn:aws:iam::333333333333:role/sluice-deployer",
                        "sluice.environments.Prod-EU.external-id=external-id-0123")
                .run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining("environment names"));
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheKnownOnes() {
        context.run(ctx -> assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> ctx.getBean(Environments.class).require("qa")))
                .isInstanceOf(UnknownEnvironmentException.class)
                .hasMessage("environment 'qa' is not configured (sluice.environments has: prod)"));
    }
}
