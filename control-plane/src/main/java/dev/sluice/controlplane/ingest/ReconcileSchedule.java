package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sweeps each pipeline whose pass is due, a bounded number of pages per tick. Embedded mode has
 * none: its input directory is rescanned every few seconds, which is its sweep.
 */
@Component
@Profile("aws")
class ReconcileSchedule {

    private static final Logger log = LoggerFactory.getLogger(ReconcileSchedule.class);

    private final Pipelines pipelines;
    private final Reconciler reconciler;
    private final ReconcileProperties properties;
    private final Clock clock;

    ReconcileSchedule(Pipelines pipelines, Reconciler reconciler, ReconcileProperties properties, Clock clock) {
        this.pipelines = pipelines;
        this.reconciler = reconciler;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${sluice.reconcile.tick:30s}")
    void tick() {
        for (Pipeline pipeline : pipelines.all()) {
            try {
                if (reconciler.due(pipeline, clock.instant())) {
                    reconciler.sweep(pipeline, properties.pagesPerTick());
                }
            } catch (RuntimeException e) {
                log.warn("Reconciling pipeline {} failed; the next tick continues: {}", pipeline.name(), e.toString());
            }
        }
    }
}
