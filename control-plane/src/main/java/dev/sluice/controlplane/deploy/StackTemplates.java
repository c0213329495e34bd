package dev.sluice.controlplane.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The templates and per-environment parameter files on the classpath (module deploy-templates). */
@Component
class StackTemplates {

    /** CloudFormation's limit for a template sent in the request body. */
    static final int MAX_TEMPLATE_BODY_BYTES = 51_200;

    private final ResourceLoader resources;
    private final String location;
    private final JsonMapper json = JsonMapper.builder().build();

    StackTemplates(ResourceLoader resources, DeployProperties properties) {
        this.resources = resources;
        this.location = properties.templates().endsWith("/") ? properties.templates() : properties.templates() + "/";
    }

    /** A template and the names of the parameters it declares. */
    record Template(String name, String body, Set<String> parameters, Set<String> secretParameters) {}

    Template template(StackKind stack) {
        return template(stack, read(location + stack.templateFile()));
    }

    /** A template of the stack with the given content (a release's pinned copy) instead of the configured one. */
    Template template(StackKind stack, String body) {
        String name = stack.templateFile();
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_TEMPLATE_BODY_BYTES) {
            throw new IllegalStateException(name + " is larger than the " + MAX_TEMPLATE_BODY_BYTES
                    + " bytes CloudFormation accepts in a request; upload it and pass a TemplateURL instead");
        }
        Map<String, Object> declared = declaredParameters(name, body);
        Set<String> secrets = new java.util.TreeSet<>();
        declared.forEach((key, definition) -> {
            if (definition instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("NoEcho"))) {
                secrets.add(key);
            }
        });
        return new Template(name, body, Set.copyOf(declared.keySet()), Set.copyOf(secrets));
    }

    /**
     * The stack's section of {@code environments/<environment>.json}; empty when the environment has
     * no file (its parameters then come from configuration alone).
     */
    Map<String, String> parameterFile(String environment, StackKind stack) {
        Resource file = resources.getResource(location + "environments/" + environment + ".json");
        if (!file.exists()) {
            return Map.of();
        }
        try (InputStream in = file.getInputStream()) {
            Map<String, Map<String, String>> sections = json.readValue(in, new TypeReference<>() {});
            return new LinkedHashMap<>(sections.getOrDefault(stack.id(), Map.of()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "environments/" + environment + ".json is not an object of stack sections of string values: "
                            + e.getMessage(),
                    e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> declaredParameters(String name, String body) {
        try {
            Map<String, Object> template = (Map<String, Object>) new Yaml(new ShortFormTags()).load(body);
            Object parameters = template.get("Parameters");
            return parameters == null ? Map.of() : (Map<String, Object>) parameters;
        } catch (RuntimeException e) {
            throw new IllegalStateException(name + " is not a readable CloudFormation template: " + e.getMessage(), e);
        }
    }

    private String read(String path) {
        Resource resource = resources.getResource(path);
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + path, e);
        }
    }

    /** Reads !Ref, !Sub and the other short-form functions as plain values; only Parameters matter here. */
    private static final class ShortFormTags extends SafeConstructor {
        ShortFormTags() {
            super(new LoaderOptions());
            yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return node.getTag().getValue();
                }
            });
        }
    }
}
