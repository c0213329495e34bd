package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.environments.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The parameters a stack is deployed with, and how they differ from the stack's current ones. */
final class StackParameters {

    /** What CloudFormation shows for a NoEcho parameter's current value. */
    private static final String MASKED = "****";

    private StackParameters() {}

    /**
     * The environment's parameter file section for the stack, overridden by
     * {@code sluice.environments.<name>.parameters} where the template declares the key.
     */
    static Map<String, String> merge(
            Environment environment, StackKind stack, StackTemplates.Template template, StackTemplates templates) {
        return merge(
                environment,
                stack,
                template,
                templates.parameterFile(environment.name(), stack),
                "environments/" + environment.name() + ".json");
    }

    /**
     * As {@link #merge(Environment, StackKind, StackTemplates.Template, StackTemplates)}, with the
     * parameter file's section given (a release's pinned one); {@code source} names it in errors.
     */
    static Map<String, String> merge(
            Environment environment,
            StackKind stack,
            StackTemplates.Template template,
            Map<String, String> fileSection,
            String source) {
        Map<String, String> merged = new TreeMap<>();
        fileSection.forEach((key, value) -> {
            if (!template.parameters().contains(key)) {
                throw new DeploymentStepException(
                        source + ": " + stack.id() + " parameter " + key + " is not declared by " + template.name());
            }
            merged.put(key, value);
        });
        environment.parameters().forEach((key, value) -> {
            if (template.parameters().contains(key)) {
                merged.put(key, value);
            }
        });
        if (template.parameters().contains("EnvironmentName")) {
            String named = merged.computeIfAbsent("EnvironmentName", k -> environment.name());
            if (!named.equals(environment.name())) {
                throw new DeploymentStepException("EnvironmentName is " + named + " for environment "
                        + environment.name() + "; stack and resource names would not match");
            }
        }
        return merged;
    }

    /** One PARAMETER change per parameter whose value changes; secret values are never shown. */
    static List<PlannedChange> diff(
            Map<String, String> current, Map<String, String> next, StackTemplates.Template template) {
        List<PlannedChange> changes = new ArrayList<>();
        next.forEach((key, value) -> {
            String old = current.get(key);
            boolean secret = template.secretParameters().contains(key);
            if (old == null) {
                changes.add(parameter("Add", key, secret ? "(secret)" : value));
            } else if (!old.equals(MASKED) && !old.equals(value)) {
                changes.add(parameter("Change", key, secret ? "(secret changed)" : old + " -> " + value));
            }
        });
        return changes;
    }

    private static PlannedChange parameter(String action, String key, String details) {
        return new PlannedChange(
                PlannedChange.Kind.PARAMETER,
                action,
                key,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(details));
    }
}
