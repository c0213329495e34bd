package dev.sluice.controlplane.runs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code sluice.runs.*}: how often the batcher, dispatcher and tracker look, and how long they wait. */
@Validated
@ConfigurationProperties("sluice.runs")
record RunsProperties(
        @DefaultValue("1s") @NotNull Duration batchInterval,
        @DefaultValue("1s") @NotNull Duration dispatchInterval,
        @DefaultValue("5s") @NotNull Duration pollInterval,
        @DefaultValue("15s") @NotNull Duration startRetryDelay,
        @DefaultValue("2m") @NotNull Duration startGrace) {

    /** How long a replica holds a run it follows before another may take it over. */
    Duration lease() {
        return pollInterval.multipliedBy(3);
    }
}
