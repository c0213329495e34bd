package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.PipelineTags;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** Meters of the runs feature, with stable names; each carries the pipeline and its environment. */
@Component
class RunMetrics {

    private final MeterRegistry registry;
    private final PipelineTags tags;

    RunMetrics(MeterRegistry registry, PipelineTags tags) {
        this.registry = registry;
        this.tags = tags;
        // at zero from the start, so that an environment's alarm sees data rather than none
        tags.environments().forEach(this::failedForGood);
    }

    void started(String pipeline) {
        registry.counter("sluice.runs.started", tags.of(pipeline)).increment();
    }

    void finished(String pipeline, RunStatus status, Duration duration) {
        Tags tagged = tags.of(pipeline).and("status", status.name());
        registry.counter("sluice.runs.finished", tagged).increment();
        Timer.builder("sluice.runs.duration")
                .description("From queueing a run to the end of an attempt")
                .tags(tagged)
                .register(registry)
                .record(duration);
    }

    /** The row counts of a run's report, once, when the run succeeds. */
    void rows(String pipeline, Run.RowCounts rows) {
        Tags tagged = tags.of(pipeline);
        count("sluice.rows.read", tagged, rows.read());
        count("sluice.rows.written", tagged, rows.written());
        count("sluice.rows.rejected", tagged, rows.rejected());
    }

    /**
     * A run that failed or timed out with no attempt left, counted per environment without the
     * pipeline, so that one static CloudWatch alarm per environment covers all its pipelines.
     */
    void failed(String pipeline) {
        failedForGood(tags.environmentOf(pipeline)).increment();
    }

    private Counter failedForGood(String environment) {
        return registry.counter("sluice.environment.runs.failed", "environment", environment);
    }

    /** Files a run set aside for their schema (schema mode quarantine); registered at zero too. */
    void quarantined(String pipeline, int files) {
        registry.counter("sluice.files.quarantined", tags.of(pipeline)).increment(files);
    }

    void retried(String pipeline) {
        registry.counter("sluice.runs.retried", tags.of(pipeline)).increment();
    }

    void dispatchBackoff(String pipeline) {
        registry.counter("sluice.runs.dispatch.backoffs", tags.of(pipeline)).increment();
    }

    private void count(String name, Tags tagged, Long value) {
        // registered at zero too, so that a pipeline without rejects still shows the series
        registry.counter(name, tagged).increment(value == null ? 0 : value);
    }
}
