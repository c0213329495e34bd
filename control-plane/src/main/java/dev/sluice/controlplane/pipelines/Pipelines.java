package dev.sluice.controlplane.pipelines;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The configured pipelines, and which one an object belongs to. */
@Component
public class Pipelines {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,99}");

    private final Map<String, Pipeline> byName = new TreeMap<>();

    Pipelines(PipelinesProperties properties) {
        properties.pipelines().forEach((name, settings) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(
                        "sluice.pipelines." + name
                                + ": a pipeline name is 1-100 lower-case letters, digits and '-', starting with a letter or digit");
            }
            byName.put(name, new Pipeline(name, settings));
        });
    }

    public Collection<Pipeline> all() {
        return List.copyOf(byName.values());
    }

    public Optional<Pipeline> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The pipeline whose input matches; when several do, the one with the longest prefix. */
    public Optional<Pipeline> matching(String bucket, String key) {
        return byName.values().stream()
                .filter(p -> p.settings().input().matches(bucket, key))
                .max((a, b) -> Integer.compare(
                        a.settings().input().prefix().length(),
                        b.settings().input().prefix().length()));
    }
}
