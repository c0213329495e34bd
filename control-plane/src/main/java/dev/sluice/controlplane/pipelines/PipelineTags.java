package dev.sluice.controlplane.pipelines;

import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The tags every per-pipeline meter carries: {@code pipeline} and {@code environment}, the
 * environment the pipeline's resources live in ({@code sluice.pipelines.<name>.environment}). The
 * environment is a tag of each meter rather than one common tag because one control plane serves
 * pipelines of several environments, and the alarms of an environment select on it.
 */
@Component
public class PipelineTags {

    /** The environment of a run or file whose pipeline is no longer configured. */
    static final String UNKNOWN = "unknown";

    private final Pipelines pipelines;

    PipelineTags(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    public Tags of(String pipeline) {
        return Tags.of("pipeline", pipeline, "environment", environmentOf(pipeline));
    }

    public String environmentOf(String pipeline) {
        return pipelines.find(pipeline).map(p -> p.settings().environment()).orElse(UNKNOWN);
    }

    /** The environments of the configured pipelines, for the per-environment meters that alarms watch. */
    public Set<String> environments() {
        return pipelines.all().stream()
                .map(p -> p.settings().environment())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
