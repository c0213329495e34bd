package dev.sluice.controlplane.executor;

import dev.sluice.batch.BatchConversion;
import dev.sluice.batch.BatchJob;
import dev.sluice.batch.PoolTaskRunner;
import dev.sluice.batch.catalog.FileTableCatalog;
import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.controlplane.runs.JobRequest;
import dev.sluice.controlplane.runs.JobRunState;
import dev.sluice.controlplane.storage.LocalObjectStore;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.TableOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What the Glue job does, in-process and through the same code: batch-core's {@link
 * BatchConversion} of the run's manifest, its file tasks on a bounded pool of this process, the
 * table's schema in a file under the output guarded exactly as the Glue Data Catalog path guards
 * it. Reads are pinned as on Glue: a file whose size and MD5 differ from what arrived fails.
 */
final class EmbeddedBatchJob {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBatchJob.class);

    private final LocalObjectStore store;
    private final PoolTaskRunner tasks;
    private final Clock clock;
    private final EmbeddedIceberg iceberg;

    /**
     * @param taskPool where the file tasks run: not the pool the job runs on, whose threads would
     *     wait for their own tasks
     */
    EmbeddedBatchJob(
            LocalObjectStore store, ExecutorService taskPool, int taskThreads, Clock clock, EmbeddedIceberg iceberg) {
        this.store = store;
        this.tasks = new PoolTaskRunner(taskPool, taskThreads);
        this.clock = clock;
        this.iceberg = iceberg;
    }

    /** A job of Hive-style Parquet tables only: a manifest of an Iceberg pipeline fails. */
    EmbeddedBatchJob(LocalObjectStore store, ExecutorService taskPool, int taskThreads, Clock clock) {
        this(store, taskPool, taskThreads, clock, null);
    }

    /** The table the manifest's format says: Iceberg's JDBC catalog, or the schema file of Hive-style partitions. */
    private TableCatalog catalog(RunManifest manifest, ObjectLocation output, JobRequest request) {
        if (manifest.output().format() != TableOutput.Format.ICEBERG) {
            return new FileTableCatalog(output, request.database(), request.table());
        }
        if (iceberg == null) {
            throw new IllegalStateException("run " + request.runId() + ": no Iceberg catalog for an iceberg pipeline");
        }
        return iceberg.table(output, request.database(), request.table());
    }

    /**
     * batch-core writes with the process's umask, as a Glue job does; in embedded mode the data,
     * raw rejected rows among it, is the owner's alone when the store says so.
     */
    private void restrict(List<String> uris) {
        for (String uri : uris) {
            if (uri.isEmpty()) {
                continue;
            }
            Path path = Path.of(ObjectLocation.parse(uri).key());
            try {
                if (Files.exists(path)) {
                    store.restrict(path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + path + " the owner's alone", e);
            }
        }
    }

    JobRunState run(JobRequest request, String jobRunId) {
        MDC.put("runId", Long.toString(request.runId()));
        try {
            RunManifest manifest = RunManifest.fromJson(
                    store.read(request.manifest())
                            .orElseThrow(
                                    () -> new IllegalStateException("manifest " + request.manifest() + " is missing")),
                    request.manifestUri());
            ObjectLocation output = ObjectLocation.parse(request.outputUri()).asPrefix();
            BatchJob job = new BatchJob(
                    request.jobName(),
                    jobRunId,
                    request.runId(),
                    request.attempt(),
                    output,
                    request.database(),
                    request.table(),
                    request.processingJob());
            TableCatalog catalog = catalog(manifest, output, request);
            List<String> written = new ArrayList<>();
            written.add(output.resolve(OutputLayout.report(request.runId())).uri());
            written.add(output.resolve(OutputLayout.tableSchema(request.database(), request.table()))
                    .uri());
            try {
                RunReport report = new BatchConversion(tasks, catalog, ObjectStores.local(), clock).run(job, manifest);
                report.files().forEach(f -> {
                    written.addAll(f.parquetFiles());
                    written.add(f.rejects());
                });
            } catch (IncompatibleSchemaException e) {
                // the run fails as a Glue job run does, with the refusal as its message; the table only
                // widens, so another attempt over the same files would be refused again
                log.warn("Run {}: {}; not retried", request.runId(), e.getMessage());
                return JobRunState.failedForGood(e.getMessage());
            } finally {
                restrict(written);
            }
            return new JobRunState(JobRunState.Phase.SUCCEEDED, null, null, null);
        } finally {
            MDC.remove("runId");
        }
    }
}
