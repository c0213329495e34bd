package dev.sluice.controlplane.insights;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/insights/series}: the buckets' start times and each pipeline's
 * values in them.
 */
public record Series(
        String window,
        long bucketSeconds,
        Instant from,
        Instant to,
        List<Instant> buckets,
        List<PipelineSeries> pipelines) {}
