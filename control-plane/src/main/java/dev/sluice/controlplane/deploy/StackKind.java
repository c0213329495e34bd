package dev.sluice.controlplane.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/** The stacks Sluice deploys to each environment, in the order they must be applied. */
public enum StackKind {
    INFRASTRUCTURE("infrastructure"),
    /** Imports the infrastructure stack's exports, so it comes second. */
    APPLICATION("application");

    private final String id;

    StackKind(String id) {
        this.id = id;
    }

    /** The name used in requests and responses, stack names, template and parameter-file sections. */
    @JsonValue
    public String id() {
        return id;
    }

    public String templateFile() {
        return id + ".yaml";
    }

    /** Resolves a request's {@code stack}: one stack by name, or every stack in order for {@code all}. */
    public static List<StackKind> parse(String stack) {
        if ("all".equals(stack)) {
            return List.of(values());
        }
        return Arrays.stream(values())
                .filter(k -> k.id.equals(stack))
                .findFirst()
                .map(List::of)
                .orElseThrow(() -> new InvalidDeploymentRequestException(
                        "stack", "must be infrastructure, application or all, was '" + stack + "'"));
    }

    public static StackKind of(String id) {
        return parse(id).get(0);
    }
}
