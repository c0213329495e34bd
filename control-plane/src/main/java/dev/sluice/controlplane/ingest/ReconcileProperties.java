package dev.sluice.controlplane.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.reconcile.*}: how the sweeps of all pipelines are paced. A tick lists at most
 * {@code pagesPerTick} pages of {@code pageSize} keys, so a bucket of millions of keys is swept
 * over many ticks and never holds the scheduler.
 */
@Validated
@ConfigurationProperties("sluice.reconcile")
record ReconcileProperties(
        @DefaultValue("30s") @NotNull Duration tick,
        @DefaultValue("10") @Min(1) int pagesPerTick,
        @DefaultValue("1000") @Min(1) @Max(1000) int pageSize,
        @DefaultValue("100") @Min(1) int pagesPerRequest,
        @DefaultValue("5m") @NotNull Duration lease) {}
