package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.controlplane.environments.Environment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;

/** Parameters from the shipped templates and environment files (module deploy-templates). */
class StackParametersTest {

    private final StackTemplates templates = new StackTemplates(
            new DefaultResourceLoader(),
            new DeployProperties("file:none.jar", "classpath:sluice/templates/", polling(), 1));

    @Test
    void theShippedParameterFilesOnlyNameParametersTheirTemplatesDeclare() {
        for (String name : List.of("dev", "prod")) {
            for (StackKind stack : StackKind.values()) {
                StackTemplates.Template template = templates.template(stack);
                Map<String, String> merged =
                        StackParameters.merge(environment(name, Map.of()), stack, template, templates);
                assertThat(template.parameters()).as("%s %s", name, stack).containsAll(merged.keySet());
                assertThat(merged).containsEntry("EnvironmentName", name);
            }
        }
    }

    @Test
    void configurationOverridesTheFileForParametersTheTemplateDeclaresOnly() {
        Environment dev =
                environment("dev", Map.of("MaxConcurrentRuns", "7", "ControlPlaneExternalId", "secret-0123456789"));

        Map<String, String> application =
                StackParameters.merge(dev, StackKind.APPLICATION, templates.template(StackKind.APPLICATION), templates);
        Map<String, String> infrastructure = StackParameters.merge(
                dev, StackKind.INFRASTRUCTURE, templates.template(StackKind.INFRASTRUCTURE), templates);

        assertThat(application).containsEntry("MaxConcurrentRuns", "7").doesNotContainKey("ControlPlaneExternalId");
        assertThat(infrastructure)
                .containsEntry("ControlPlaneExternalId", "secret-0123456789")
                .doesNotContainKey("MaxConcurrentRuns");
    }

    @Test
    void anEnvironmentNamedDifferentlyFromItsParameterIsRefused() {
        Environment dev = environment("dev", Map.of("EnvironmentName", "prod"));

        assertThatThrownBy(() -> StackParameters.merge(
                        dev, StackKind.APPLICATION, templates.template(StackKind.APPLICATION), templates))
                .isInstanceOf(DeploymentStepException.class)
                .hasMessageContaining("EnvironmentName is prod for environment dev");
    }

    @Test
    void theDiffShowsChangedAndNewValuesAndNeverASecret() {
        StackTemplates.Template infrastructure = templates.template(StackKind.INFRASTRUCTURE);
        assertThat(infrastructure.secretParameters()).containsExactly("ControlPlaneExternalId");

        List<PlannedChange> diff = StackParameters.diff(
                Map.of("InputPrefix", "incoming/", "RejectsRetentionDays", "30", "ControlPlaneExternalId", "****"),
                Map.of(
                        "InputPrefix", "incoming/",
                        "RejectsRetentionDays", "31",
                        "ControlPlaneExternalId", "new-secret-value",
                        "AlarmEmail", "ops@example.com"),
                infrastructure);

        assertThat(diff)
                .extracting(c ->
                        c.action() + " " + c.logicalId() + " " + c.details().orElseThrow())
                .containsExactlyInAnyOrder("Change RejectsRetentionDays 30 -> 31", "Add AlarmEmail ops@example.com");
        assertThat(diff).allSatisfy(c -> assertThat(c.kind()).isEqualTo(PlannedChange.Kind.PARAMETER));
    }

    private static Environment environment(String name, Map<String, String> parameters) {
        return new Environment(
                name,
                new Environment.Target("111111111111", "eu-west-1", Optional.empty()),
                new Environment.Access(
                        "arn:aws:iam::111111111111:role/sluice-deployer", Optional.empty(), "external-id-0123456789"),
                new Environment.Safeguards(false, false),
                parameters);
    }

    private static PollingPolicy polling() {
        return new PollingPolicy(
                java.time.Duration.ofSeconds(1),
                java.time.Duration.ofSeconds(2),
                java.time.Duration.ofMinutes(1),
                java.time.Duration.ofMinutes(1));
    }
}
