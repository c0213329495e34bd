package dev.sluice.controlplane.executor;

import dev.sluice.controlplane.runs.JobRequest;
import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the Glue job does, in-process: reads the manifest, converts each file with processor-core,
 * writes Parquet, rejects and the run report under the pipeline's output. Output names derive from
 * the run, so a retry replaces what an earlier attempt left instead of adding to it.
 */
final class LocalConversionJob {

    private static final Logger log = LoggerFactory.getLogger(LocalConversionJob.class);

    private final LocalObjectStore store;
    private final JsonMapper json;
    private final Clock clock;

    LocalConversionJob(LocalObjectStore store, JsonMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    JobRunState run(JobRequest request, String jobRunId) {
        MDC.put("runId", Long.toString(request.runId()));
        try {
            RunManifest manifest = RunManifest.fromJson(
                    store.read(request.manifest())
                            .orElseThrow(
                                    () -> new IllegalStateException("manifest " + request.manifest() + " is missing")),
                    request.manifestUri());
            Instant processedAt = clock.instant();
            List<RunReport.FileReport> files = new ArrayList<>();
            for (int i = 0; i < manifest.files().size(); i++) {
                files.add(convert(manifest, i, processedAt));
            }
            RunReport report = new RunReport(
                    manifest.runId(),
                    manifest.attempt(),
                    request.jobName(),
                    jobRunId,
                    manifest.database() + "." + manifest.table(),
                    manifest.ingestDate(),
                    processedAt,
                    files,
                    Optional.empty(),
                    List.of(),
                    Optional.empty(),
                    Map.of(),
                    Optional.empty());
            store.put(
                    new Location(
                            manifest.outputBucket(), manifest.outputPrefix() + OutputLayout.report(manifest.runId())),
                    report.toJson());
            return new JobRunState(JobRunState.Phase.SUCCEEDED, null, null, null);
        } finally {
            MDC.remove("runId");
        }
    }

    private RunReport.FileReport convert(RunManifest manifest, int index, Instant processedAt) {
        RunManifest.ManifestFile file = manifest.files().get(index);
        Path source = store.pathOf(new Location(file.bucket(), file.key()));
        OutputLayout layout = new OutputLayout(manifest.table(), manifest.ingestDate(), manifest.runId());
        Path target =
                store.pathOf(new Location(manifest.outputBucket(), manifest.outputPrefix() + layout.parquet(index)));
        Path rejects =
                store.pathOf(new Location(manifest.outputBucket(), manifest.outputPrefix() + layout.rejects(index)));
        String name = target.getFileName().toString().replace(".parquet", "");
        // Written under a hidden name and moved into place, so readers of the table never see half a file.
        Path inProgress = target.resolveSibling("." + name + ".parquet.inprogress");
        try {
            Files.createDirectories(target.getParent());
            Files.createDirectories(rejects.getParent());
            ConversionReport report = CsvConversion.builder()
                    .sourceUri(file.uri())
                    .processingJob(manifest.processingJob())
                    .processedAt(processedAt)
                    .rejects(rejects)
                    .build()
                    .convert(source, inProgress);
            Files.move(inProgress, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new RunReport.FileReport(
                    file.fileId(),
                    file.uri(),
                    report.rowsRead(),
                    report.rowsWritten(),
                    report.rowsRejected(),
                    report.bytesRead(),
                    report.bytesWritten(),
                    target.toUri().toString(),
                    report.rowsRejected() > 0 ? rejects.toUri().toString() : "",
                    report.duration().toMillis() / 1000.0,
                    Optional.empty());
        } catch (ConversionException e) {
            log.warn("Run {}: {} was not converted: {}", manifest.runId(), file.uri(), e.getMessage());
            return new RunReport.FileReport(
                    file.fileId(), file.uri(), 0, 0, 0, 0, 0, "", "", 0, Optional.of(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("run " + manifest.runId() + ": cannot write under " + target.getParent(), e);
        }
    }
}
