package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.pipelines.PipelineTags;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** Meters of the ingest feature, with stable names; per-pipeline ones carry pipeline and environment. */
@Component
class IngestMetrics {

    private final MeterRegistry registry;
    private final PipelineTags tags;
    private final Timer messages;

    IngestMetrics(MeterRegistry registry, PipelineTags tags) {
        this.registry = registry;
        this.tags = tags;
        this.messages = Timer.builder("sluice.ingest.message.duration")
                .description("From receiving a notification to committing its files")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    Timer messages() {
        return messages;
    }

    void received(String pipeline, FileStatus status) {
        registry.counter("sluice.files.received", tags.of(pipeline).and("status", status.name()))
                .increment();
    }

    /** A file a listing found that no notification had recorded. */
    void reconciled(String pipeline) {
        registry.counter("sluice.files.reconciled", tags.of(pipeline)).increment();
    }

    void duplicate(String pipeline) {
        registry.counter("sluice.files.duplicates", tags.of(pipeline)).increment();
    }

    /** An object no pipeline takes: it has no pipeline, so the meter has no pipeline tags. */
    void ignored() {
        registry.counter("sluice.files.ignored").increment();
    }

    /** A notification left on the queue because the database could not take it. */
    void deferred() {
        registry.counter("sluice.ingest.messages.deferred").increment();
    }

    void unparseable() {
        registry.counter("sluice.ingest.messages.unparseable").increment();
    }
}
