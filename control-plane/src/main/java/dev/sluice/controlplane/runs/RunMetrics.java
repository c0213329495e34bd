package dev.sluice.controlplane.runs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Meters of the runs feature, with stable names. */
@Component
class RunMetrics {

    private final MeterRegistry registry;

    RunMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void started(String pipeline) {
        registry.counter("sluice.runs.started", "pipeline", pipeline).increment();
    }

    void finished(String pipeline, RunStatus status, Duration duration) {
        registry.counter("sluice.runs.finished", "pipeline", pipeline, "status", status.name())
                .increment();
        Timer.builder("sluice.runs.duration")
                .tag("pipeline", pipeline)
                .tag("status", status.name())
                .register(registry)
                .record(duration);
    }

    void retried(String pipeline) {
        registry.counter("sluice.runs.retried", "pipeline", pipeline).increment();
    }

    void dispatchBackoff(String pipeline) {
        registry.counter("sluice.runs.dispatch.backoffs", "pipeline", pipeline).increment();
    }
}
