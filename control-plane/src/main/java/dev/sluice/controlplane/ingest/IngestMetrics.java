package dev.sluice.controlplane.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** Meters of the ingest feature, with stable names. */
@Component
class IngestMetrics {

    private final MeterRegistry registry;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void received(String pipeline, FileStatus status) {
        registry.counter("sluice.files.received", "pipeline", pipeline, "status", status.name())
                .increment();
    }

    void duplicate(String pipeline) {
        registry.counter("sluice.files.duplicates", "pipeline", pipeline).increment();
    }

    void ignored() {
        registry.counter("sluice.files.ignored").increment();
    }

    void unparseable() {
        registry.counter("sluice.ingest.messages.unparseable").increment();
    }
}
