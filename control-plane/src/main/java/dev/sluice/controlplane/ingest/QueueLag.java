package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.PipelineTags;
import dev.sluice.controlplane.pipelines.Pipelines;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code sluice.files.queue.lag}: per pipeline, how long its oldest file not yet in a batch has
 * waited (zero when none waits). A scrape or a publish reads one grouped query at most every few
 * seconds, however many pipelines there are.
 */
@Component
class QueueLag {

    static final Duration CACHE_FOR = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(QueueLag.class);

    private final FileArrivals arrivals;
    private final Clock clock;
    private Map<String, Instant> oldest = Map.of();
    private Instant readAt = Instant.MIN;

    QueueLag(FileArrivals arrivals, Pipelines pipelines, PipelineTags tags, MeterRegistry registry, Clock clock) {
        this.arrivals = arrivals;
        this.clock = clock;
        for (Pipeline pipeline : pipelines.all()) {
            // a gauge in seconds rather than a TimeGauge, which CloudWatch would get in milliseconds
            Gauge.builder("sluice.files.queue.lag", this, q -> q.seconds(pipeline.name()))
                    .description("Age of the pipeline's oldest file waiting for a batch")
                    .baseUnit("seconds")
                    .tags(tags.of(pipeline.name()))
                    .register(registry);
        }
        for (String environment : tags.environments()) {
            List<String> ofEnvironment = pipelines.all().stream()
                    .filter(p -> p.settings().environment().equals(environment))
                    .map(Pipeline::name)
                    .toList();
            Gauge.builder("sluice.environment.queue.lag", this, q -> q.maxSeconds(ofEnvironment))
                    .description("The longest any file of the environment's pipelines has waited for a batch")
                    .baseUnit("seconds")
                    .tag("environment", environment)
                    .register(registry);
        }
    }

    private double maxSeconds(List<String> pipelines) {
        return pipelines.stream().mapToDouble(this::seconds).max().orElse(0);
    }

    double seconds(String pipeline) {
        Instant now = clock.instant();
        Instant since = oldestPending(now).get(pipeline);
        return since == null ? 0 : Math.max(0, Duration.between(since, now).toMillis() / 1000.0);
    }

    private synchronized Map<String, Instant> oldestPending(Instant now) {
        if (readAt.plus(CACHE_FOR).isBefore(now)) {
            try {
                oldest = arrivals.oldestPending();
            } catch (RuntimeException e) {
                // a gauge must not fail the scrape; the next read tries again
                log.debug("Reading the queue lag failed: {}", e.toString());
            }
            readAt = now;
        }
        return oldest;
    }
}
