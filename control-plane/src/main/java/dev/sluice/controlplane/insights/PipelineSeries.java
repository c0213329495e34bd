package dev.sluice.controlplane.insights;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One pipeline's history in buckets; each list has one value per bucket of {@link Series#buckets()}.
 * Runs count in the bucket they were created in, files in the bucket they arrived in.
 *
 * @param runsByStatus runs per status they have now (SUCCEEDED, FAILED, …); statuses with no run are left out
 * @param durationP50Seconds median time from a run's creation to its end; null in a bucket without finished runs
 * @param queueLagP95Seconds how long the files of the bucket's runs waited from arrival to their batch (95th percentile)
 * @param glueCost Glue's charge for the bucket's runs; null where no run reported DPU-seconds (embedded mode)
 */
public record PipelineSeries(
        String pipeline,
        List<Long> filesReceived,
        Map<String, List<Long>> runsByStatus,
        List<Long> rowsWritten,
        List<Long> rowsRejected,
        List<Double> durationP50Seconds,
        List<Double> durationP95Seconds,
        List<Double> queueLagP95Seconds,
        List<BigDecimal> glueCost,
        String currency) {}
