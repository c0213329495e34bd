package dev.sluice.controlplane.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/** Meters of the ingest feature, with stable names. */
@Component
class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer messages;

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.messages = Timer.builder("sluice.ingest.message.duration")
                .description("From receiving a notification to committing its files")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    Timer messages() {
        return messages;
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
