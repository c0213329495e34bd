package dev.sluice.controlplane.pipelines;

import io.micrometer.core.instrument.Tags;
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
        String environment =
                pipelines.find(pipeline).map(p -> p.settings().environment()).orElse(UNKNOWN);
        return Tags.of("pipeline", pipeline, "environment", environment);
    }
}
