package dev.sluice.controlplane.runs;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What Glue charged for some job runs: their DPU-seconds at the configured price per DPU-hour.
 *
 * @param amount rounded to a hundredth of a cent
 */
public record GlueCost(double dpuSeconds, BigDecimal amount, String currency) {

    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    public static GlueCost of(double dpuSeconds, GlueProperties pricing) {
        BigDecimal amount = BigDecimal.valueOf(dpuSeconds)
                .multiply(pricing.pricePerDpuHour())
                .divide(SECONDS_PER_HOUR, 4, RoundingMode.HALF_UP);
        return new GlueCost(dpuSeconds, amount, pricing.currency());
    }
}
