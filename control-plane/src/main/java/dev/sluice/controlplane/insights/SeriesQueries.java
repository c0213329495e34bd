package dev.sluice.controlplane.insights;

import dev.sluice.controlplane.ingest.ArrivalSeries;
import dev.sluice.controlplane.runs.GlueCost;
import dev.sluice.controlplane.runs.GluePricing;
import dev.sluice.controlplane.runs.RunSeries;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Builds the series of a window from two range queries, one over runs and one over received
 * files, whatever the number of buckets and pipelines. The bucketing is done here rather than in
 * SQL because PostgreSQL and H2 share no date-truncating function, and the percentiles need the
 * single durations anyway.
 */
@Component
class SeriesQueries {

    private final RunSeries runs;
    private final ArrivalSeries arrivals;
    private final GluePricing pricing;
    private final Clock clock;

    SeriesQueries(RunSeries runs, ArrivalSeries arrivals, GluePricing pricing, Clock clock) {
        this.runs = runs;
        this.arrivals = arrivals;
        this.pricing = pricing;
        this.clock = clock;
    }

    Series of(SeriesWindow window, Collection<String> pipelines, String only) {
        Instant to = window.end(clock.instant());
        Instant from = to.minus(window.length);
        int n = window.buckets();
        long size = window.bucket.toSeconds();
        List<Instant> starts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            starts.add(from.plusSeconds(i * size));
        }
        Map<String, List<RunSeries.Point>> runsOf =
                runs.createdBetween(only, from, to).stream().collect(Collectors.groupingBy(RunSeries.Point::pipeline));
        // Files of the window's runs may have arrived before it: look back one more window for them.
        List<ArrivalSeries.Point> files = arrivals.receivedBetween(only, from.minus(window.length), to);
        Map<Long, Instant> firstArrival = new HashMap<>();
        Map<String, long[]> received = new HashMap<>();
        for (ArrivalSeries.Point file : files) {
            if (file.runId() != null) {
                firstArrival.merge(file.runId(), file.receivedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
            int bucket = bucketOf(file.receivedAt(), from, size, n);
            if (bucket >= 0) {
                received.computeIfAbsent(file.pipeline(), p -> new long[n])[bucket]++;
            }
        }
        List<PipelineSeries> series = new ArrayList<>();
        for (String pipeline : pipelines) {
            series.add(pipelineSeries(
                    pipeline,
                    runsOf.getOrDefault(pipeline, List.of()),
                    received.getOrDefault(pipeline, new long[n]),
                    firstArrival,
                    from,
                    size,
                    n));
        }
        return new Series(window.label, size, from, to, starts, series);
    }

    private PipelineSeries pipelineSeries(
            String pipeline,
            List<RunSeries.Point> points,
            long[] received,
            Map<Long, Instant> firstArrival,
            Instant from,
            long size,
            int n) {
        Map<String, long[]> byStatus = new TreeMap<>();
        long[] written = new long[n];
        long[] rejected = new long[n];
        List<List<Double>> durations = buckets(n);
        List<List<Double>> lags = buckets(n);
        Double[] dpu = new Double[n];
        for (RunSeries.Point run : points) {
            int b = bucketOf(run.createdAt(), from, size, n);
            if (b < 0) {
                continue;
            }
            byStatus.computeIfAbsent(run.status(), s -> new long[n])[b]++;
            written[b] += run.rowsWritten() == null ? 0 : run.rowsWritten();
            rejected[b] += run.rowsRejected() == null ? 0 : run.rowsRejected();
            if (run.finishedAt() != null) {
                durations.get(b).add(seconds(run.createdAt(), run.finishedAt()));
            }
            Instant arrived = firstArrival.get(run.id());
            if (arrived != null) {
                lags.get(b).add(Math.max(0, seconds(arrived, run.createdAt())));
            }
            if (run.dpuSeconds() != null) {
                dpu[b] = (dpu[b] == null ? 0 : dpu[b]) + run.dpuSeconds();
            }
        }
        Map<String, List<Long>> runsByStatus = new TreeMap<>();
        byStatus.forEach((status, counts) -> runsByStatus.put(status, longs(counts)));
        List<BigDecimal> cost = new ArrayList<>(n);
        String currency = null;
        for (Double seconds : dpu) {
            GlueCost c = pricing.cost(seconds).orElse(null);
            cost.add(c == null ? null : c.amount());
            currency = c == null ? currency : c.currency();
        }
        return new PipelineSeries(
                pipeline,
                longs(received),
                runsByStatus,
                longs(written),
                longs(rejected),
                durations.stream().map(d -> percentile(d, 50)).toList(),
                durations.stream().map(d -> percentile(d, 95)).toList(),
                lags.stream().map(d -> percentile(d, 95)).toList(),
                cost,
                currency);
    }

    static int bucketOf(Instant at, Instant from, long size, int n) {
        long offset = Duration.between(from, at).toSeconds();
        if (offset < 0) {
            return -1;
        }
        long bucket = offset / size;
        return bucket < n ? (int) bucket : -1;
    }

    /** Nearest-rank percentile; null for an empty bucket, so that the chart shows a gap, not a zero. */
    static Double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static List<List<Double>> buckets(int n) {
        List<List<Double>> lists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static List<Long> longs(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
