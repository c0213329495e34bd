package dev.sluice.controlplane.runs;

import java.util.Optional;
import org.springframework.stereotype.Component;

/** Turns Glue's DPU-seconds into money at the configured price. */
@Component
public class GluePricing {

    private final GlueProperties glue;

    GluePricing(GlueProperties glue) {
        this.glue = glue;
    }

    /** Empty when there are no DPU-seconds to price (embedded runs, runs not yet finished). */
    public Optional<GlueCost> cost(Double dpuSeconds) {
        return Optional.ofNullable(dpuSeconds).map(seconds -> GlueCost.of(seconds, glue));
    }
}
