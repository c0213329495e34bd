package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.storage.ObjectStore;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Reads the report a job wrote for a run. */
@Component
class RunReports {

    private static final Logger log = LoggerFactory.getLogger(RunReports.class);

    private final ObjectStore store;
    private final JsonMapper json;

    RunReports(ObjectStore store, JsonMapper json) {
        this.store = store;
        this.json = json;
    }

    Optional<RunReport> read(PipelineSettings pipeline, long runId) {
        var location = RunLayout.report(pipeline.output(), runId);
        return store.read(location).flatMap(bytes -> {
            try {
                return Optional.of(json.readValue(bytes, RunReport.class));
            } catch (JacksonException e) {
                log.warn("Run {}: the report {} is not readable: {}", runId, location, e.getOriginalMessage());
                return Optional.empty();
            }
        });
    }
}
