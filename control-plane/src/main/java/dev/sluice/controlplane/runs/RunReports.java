package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunReport;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads the report a job wrote for a run, through the run contract's codec: empty when there is
 * none or it cannot be read (logged).
 */
@Component
public class RunReports {

    private static final Logger log = LoggerFactory.getLogger(RunReports.class);

    private final ObjectStore store;

    RunReports(ObjectStore store) {
        this.store = store;
    }

    public Optional<RunReport> read(PipelineSettings pipeline, long runId) {
        var location =
                new Location(pipeline.output().bucket(), pipeline.output().prefix() + OutputLayout.report(runId));
        return store.read(location).flatMap(bytes -> {
            try {
                return Optional.of(RunReport.fromJson(bytes, location.toString()));
            } catch (IllegalArgumentException e) {
                log.warn("Run {}: the report is not readable: {}", runId, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
