package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunManifest;
import java.time.ZoneOffset;
import java.util.Objects;
import org.springframework.stereotype.Component;

/** Writes the manifest of a run's attempt where the job will read it. */
@Component
class ManifestWriter {

    private final FileArrivals arrivals;
    private final ObjectStore store;
    private final RunStore runs;

    ManifestWriter(FileArrivals arrivals, ObjectStore store, RunStore runs) {
        this.arrivals = arrivals;
        this.store = store;
        this.runs = runs;
    }

    JobRequest write(Run run, PipelineSettings pipeline) {
        var files = arrivals.ofRun(run.id()).stream()
                .map(f -> new RunManifest.ManifestFile(
                        f.id(),
                        store.uri(new Location(f.bucket(), f.key())),
                        f.bucket(),
                        f.key(),
                        f.size(),
                        Objects.requireNonNullElse(f.etag(), ""),
                        f.versionId(),
                        store.uri(f.storedAt())))
                .toList();
        RunManifest manifest = new RunManifest(
                run.id(),
                run.attempt(),
                run.pipeline(),
                processingJob(run),
                run.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString(),
                pipeline.output().bucket(),
                pipeline.output().prefix(),
                pipeline.job().database(),
                pipeline.job().table(),
                files,
                runs.supersedes(run.id()).stream()
                        .map(x -> new RunManifest.Superseded(x.fileId(), x.runId()))
                        .toList(),
                pipeline.tableOutput(),
                pipeline.batch().fileSplit());
        Location location = new Location(
                pipeline.output().bucket(),
                pipeline.output().prefix() + OutputLayout.manifest(run.id(), run.attempt()));
        store.put(location, manifest.toJson());
        return new JobRequest(
                run.id(),
                run.attempt(),
                run.jobName(),
                manifest.processingJob(),
                location,
                store.uri(location),
                store.uri(new Location(
                        pipeline.output().bucket(), pipeline.output().prefix())),
                pipeline.job().database(),
                pipeline.job().table());
    }

    /** The value of the {@code processing_job} column: job name, run and attempt. */
    static String processingJob(Run run) {
        return run.jobName() + ":run-" + run.id() + "-" + run.attempt();
    }
}
