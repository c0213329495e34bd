package dev.sluice.batch;

import dev.sluice.batch.catalog.IncompatibleSchemaException;
import dev.sluice.batch.catalog.Publication;
import dev.sluice.batch.catalog.TableCatalog;
import dev.sluice.batch.catalog.TablePlan;
import dev.sluice.batch.contract.SchemaContract;
import dev.sluice.batch.convert.BatchSchema;
import dev.sluice.batch.convert.BinFinish;
import dev.sluice.batch.convert.BinPlanner;
import dev.sluice.batch.convert.FileFinish;
import dev.sluice.batch.convert.FileOutcome;
import dev.sluice.batch.convert.FileTask;
import dev.sluice.batch.convert.SplitFile;
import dev.sluice.batch.convert.StageTask;
import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.batch.storage.ObjectStore;
import dev.sluice.batch.storage.ObjectStores;
import dev.sluice.batch.storage.ObjectVersion;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunManifest;
import dev.sluice.manifest.RunReport;
import dev.sluice.manifest.RunReport.CatalogChange;
import dev.sluice.manifest.TableOutput;
import dev.sluice.processor.Schema;
import java.io.Serializable;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts the files of one run, on Glue and embedded alike. Each file is one task of the
 * {@link TaskRunner} running processor-core, so the output is exactly what {@code ./sluice convert}
 * makes of the same file:
 *
 * <ol>
 *   <li>every file is converted with its own inferred schema into a staging prefix outside the
 *       table (for a batch of files of one kind, the only pass over the data);
 *   <li>the pipeline's schema mode judges each file against the table ({@link SchemaContract}): a
 *       frozen table's change stops the run here, a quarantined file is set aside;
 *   <li>the batch's schema is found from theirs and checked against the table: an incompatible
 *       change stops the run here, with nothing written to the table;
 *   <li>files converted with that schema are copied into the partition, the others converted
 *       again with it; small files go into one Parquet file per bin of about the pipeline's target
 *       size ({@link BinPlanner}, {@link BinFinish});
 *   <li>the catalog is brought up to date and the report written.
 * </ol>
 */
public final class BatchConversion {

    private static final Logger log = LoggerFactory.getLogger(BatchConversion.class);

    private final TaskRunner runner;
    private final TableCatalog catalog;
    private final ObjectStores stores;
    private final Clock clock;

    public BatchConversion(TaskRunner runner, TableCatalog catalog, ObjectStores stores, Clock clock) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the conversion of the manifest's files and writes its report, also when the run fails
     * as a whole.
     *
     * @throws RuntimeException when the run as a whole fails: incompatible schema, storage or
     *     catalog errors; the message says why
     */
    public RunReport run(BatchJob args, RunManifest manifest) {
        OutputLayout layout = new OutputLayout(args.table(), manifest.ingestDate(), args.runId());
        Run run = new Run(args, manifest, layout, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            RunReport report = run.execute();
            log.info(
                    "Run {} attempt {}: {} files, {} rows read, {} written, {} rejected, {} files failed",
                    args.runId(),
                    args.attempt(),
                    report.files().size(),
                    report.rowsRead(),
                    report.rowsWritten(),
                    report.rowsRejected(),
                    report.filesFailed());
            return report;
        } catch (RuntimeException e) {
            if (e instanceof IncompatibleSchemaException refused) {
                run.conflicts = refused.conflicts().stream()
                        .map(c -> new RunReport.Conflict(c.column(), c.tableType(), c.batchType()))
                        .toList();
            }
            try {
                run.writeReport(Optional.of(e.getMessage() == null ? e.toString() : e.getMessage()));
            } catch (RuntimeException reportFailed) {
                e.addSuppressed(reportFailed);
            }
            throw e;
        }
    }

    private ObjectStore store(ObjectLocation location) {
        return stores.forLocation(location);
    }

    /** The state of one run as it goes. */
    private final class Run {
        private final BatchJob args;
        private final RunManifest manifest;
        private final OutputLayout layout;
        private final Instant processedAt;
        private final long started = System.nanoTime();
        private final Map<String, Double> seconds = new HashMap<>();
        private final Map<Integer, FileOutcome> outcomes = new HashMap<>();
        private final Set<Integer> quarantined = new HashSet<>();
        private final Staging staging;
        private final RunOutput output;

        private Optional<Schema> schema = Optional.empty();
        private List<String> widened = List.of();
        private Optional<CatalogChange> change = Optional.empty();
        private List<RunReport.Conflict> conflicts = List.of();

        Run(BatchJob args, RunManifest manifest, OutputLayout layout, Instant processedAt) {
            this.args = args;
            this.manifest = manifest;
            this.layout = layout;
            this.processedAt = processedAt;
            this.output = new RunOutput(args, layout, stores);
            this.staging = new Staging(
                    args.runId(),
                    manifest.split(),
                    items -> onRunner(items, StageTask::run, StageTask::size, "conversion"));
        }

        RunReport execute() {
            List<FileTask> tasks = tasks();
            Map<Integer, FileTask> byIndex = tasks.stream().collect(Collectors.toMap(FileTask::index, t -> t));
            Optional<Publication.Committed> committed = catalog.committed(args.runId());
            if (committed.isPresent()) {
                return reportCommitted(tasks, committed.get());
            }
            long phase = System.nanoTime();
            output.clearStaging();
            try {
                List<FileOutcome> staged = staging.run(tasks, List.of());
                seconds.put("convert", since(phase));

                phase = System.nanoTime();
                SchemaContract contract = SchemaContract.of(
                        manifest.output().schemaMode(), catalog, args.database() + "." + args.table());
                SchemaContract.Verdict verdict = contract.check(staged);
                verdict.setAside().forEach(this::quarantine);
                staged = verdict.admitted();
                schema = BatchSchema.infer(staged, byIndex);
                if (schema.isEmpty()) {
                    staged.forEach(o -> outcomes.put(o.index(), o));
                    return writeReport(Optional.empty());
                }
                TablePlan plan = contract.plan(schema.get(), staged);
                schema = Optional.of(plan.writeSchema());
                widened = plan.widenedColumns();
                seconds.put("schema", since(phase));
                staged = withBatchSchema(staged, plan.writeSchema());

                phase = System.nanoTime();
                output.clearEarlierAttempts();
                List<BinFinish> bins = bins(finishes(staged, byIndex, plan.writeSchema()));
                try {
                    onRunner(bins, BinFinish::run, BinFinish::size, "into the table")
                            .forEach(bin -> bin.files().forEach(o -> outcomes.put(o.index(), o)));
                } catch (RuntimeException e) {
                    output.withdraw(e);
                    throw e;
                }
                seconds.put("finish", since(phase));

                if (outcomes.values().stream().anyMatch(FileOutcome::ok)) {
                    phase = System.nanoTime();
                    change = Optional.of(catalog.commit(plan, manifest.ingestDate(), publication()));
                    seconds.put("catalog", since(phase));
                    if (manifest.output().format() == TableOutput.Format.PARQUET) {
                        // an Iceberg commit removed the earlier rows itself
                        output.removeSuperseded(manifest.supersedes(), published());
                    }
                }
            } finally {
                output.clearStaging();
            }
            return writeReport(Optional.empty());
        }

        /**
         * The files' finishes by bin, as planned from the manifest. An Iceberg table gets one data
         * file per source file: its commit replaces a key's rows file by file, and its own compaction
         * (the embedded maintenance, Glue's table optimizers) right-sizes the table afterwards.
         */
        private List<BinFinish> bins(List<FileFinish> finishes) {
            if (manifest.output().format() == TableOutput.Format.ICEBERG) {
                return finishes.stream().map(BinFinish::alone).toList();
            }
            Map<Integer, FileFinish> byIndex =
                    finishes.stream().collect(Collectors.toMap(f -> f.task().index(), f -> f));
            List<BinFinish> bins = new ArrayList<>();
            // a file converted as ranges is large: its range files go into the table as they are
            for (FileFinish f : finishes) {
                if (!f.staged().ranges().isEmpty() && !f.reconvert()) {
                    bins.add(BinFinish.alone(byIndex.remove(f.task().index())));
                }
            }
            for (BinPlanner.Bin bin :
                    BinPlanner.plan(manifest.files(), manifest.output().targetFileSize())) {
                // files set aside for their schema have no finish: their bin goes on without them
                List<FileFinish> members = bin.files().stream()
                        .map(byIndex::get)
                        .filter(Objects::nonNull)
                        .toList();
                if (members.isEmpty()) {
                    continue;
                }
                bins.add(
                        members.size() == 1
                                ? BinFinish.alone(members.get(0))
                                : new BinFinish(members, args.at(layout.combined(bin.index())), args.processingJob()));
            }
            return bins;
        }

        /**
         * The files this attempt wrote into the table, and the keys whose earlier rows they replace:
         * all of them when a new version replaces the old, else the reprocessed ones.
         */
        private Publication publication() {
            Set<Long> reprocessed = manifest.supersedes().stream()
                    .map(RunManifest.Superseded::fileId)
                    .collect(Collectors.toSet());
            boolean replace = manifest.output().onNewVersion() == TableOutput.OnNewVersion.REPLACE;
            List<Publication.DataFile> files = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            for (FileOutcome o : outcomes.values()) {
                if (o.ok() && !o.parquetFiles().isEmpty()) {
                    o.parquetFiles().forEach(p -> files.add(new Publication.DataFile(p.uri(), o.uri(), p.rows())));
                    if (replace || reprocessed.contains(o.fileId())) {
                        keys.add(o.uri());
                    }
                }
            }
            return new Publication(args.runId(), args.attempt(), processedAt, files, keys);
        }

        /**
         * An earlier attempt committed this run and ended before its report said so: the table has
         * the run, and this attempt reports what that commit holds instead of writing it again.
         */
        private RunReport reportCommitted(List<FileTask> tasks, Publication.Committed committed) {
            log.info(
                    "Run {} attempt {}: an earlier attempt committed the run, nothing is written again",
                    args.runId(),
                    args.attempt());
            for (FileTask task : tasks) {
                String parquet = args.at(layout.parquet(task.index())).uri();
                Long rows = committed.files().get(parquet);
                List<FileOutcome.Part> ranges = committedRanges(task, committed);
                FileOutcome outcome;
                if (!ranges.isEmpty()) {
                    outcome = FileOutcome.committed(task, ranges, true);
                } else if (rows != null) {
                    outcome = FileOutcome.committed(task, List.of(new FileOutcome.Part(parquet, rows)), false);
                } else {
                    outcome = outcome(task, "not in the snapshot an earlier attempt committed");
                }
                outcomes.put(task.index(), outcome);
            }
            change = Optional.of(committed.change());
            return writeReport(Optional.empty());
        }

        /**
         * The files converted as ranges whose own schema is not the batch's, converted again with it
         * as ranges too (their cuts are proven already); other files are brought to the batch's
         * schema when they go into the table ({@link FileFinish}).
         */
        private List<FileOutcome> withBatchSchema(List<FileOutcome> staged, Schema batch) {
            String batchJson = batch.toJson();
            List<SplitFile> again = new ArrayList<>();
            for (FileOutcome o : staged) {
                if (o.ok()
                        && !o.ranges().isEmpty()
                        && !Schema.fromJson(o.schemaJson()).equals(batch)) {
                    again.add(staging.proven(o.index()).withBatchSchema(batchJson));
                }
            }
            if (again.isEmpty()) {
                return staged;
            }
            Map<Integer, FileOutcome> byIndex = new TreeMap<>();
            staged.forEach(o -> byIndex.put(o.index(), o));
            staging.run(List.of(), again).forEach(o -> byIndex.put(o.index(), o));
            return List.copyOf(byIndex.values());
        }

        /** The range files of {@code task} that the earlier attempt's snapshot added, in range order. */
        private List<FileOutcome.Part> committedRanges(FileTask task, Publication.Committed committed) {
            List<FileOutcome.Part> ranges = new ArrayList<>();
            for (int k = 0; ; k++) {
                Long rows = committed.files().get(task.rangeParquet(k).uri());
                if (rows == null) {
                    return ranges;
                }
                ranges.add(new FileOutcome.Part(task.rangeParquet(k).uri(), rows));
            }
        }

        /** The files of this run that went into the table. */
        private Set<Long> published() {
            return outcomes.values().stream()
                    .filter(FileOutcome::ok)
                    .map(FileOutcome::fileId)
                    .collect(Collectors.toSet());
        }

        private List<FileTask> tasks() {
            // a task is one core; a second thread per file pays when there are cores to spare
            int threads = manifest.files().size() * 2 <= runner.parallelism() ? 2 : 1;
            List<FileTask> tasks = new ArrayList<>();
            for (int i = 0; i < manifest.files().size(); i++) {
                RunManifest.ManifestFile f = manifest.files().get(i);
                tasks.add(new FileTask(
                        i,
                        f.fileId(),
                        f.uri(),
                        f.location(),
                        f.size(),
                        new ObjectVersion(f.versionId(), f.etag(), f.size()),
                        stores,
                        args.at(layout.parquet(i)),
                        args.at(layout.rejects(i)),
                        args.at(layout.staged(i)),
                        args.processingJob(),
                        processedAt.toEpochMilli(),
                        threads));
            }
            return tasks;
        }

        /**
         * For each staged file, what brings it into the table: a copy when it was converted with the
         * batch's schema, else a conversion with it. A failed file keeps its error (and its rejects).
         */
        private List<FileFinish> finishes(List<FileOutcome> staged, Map<Integer, FileTask> tasks, Schema batch) {
            String batchJson = batch.toJson();
            List<FileFinish> result = new ArrayList<>();
            for (FileOutcome outcome : staged) {
                FileTask task = tasks.get(outcome.index());
                if (!outcome.ok()) {
                    log.warn("Run {}: {} was not converted: {}", args.runId(), task.uri(), outcome.error());
                    result.add(FileFinish.promote(task, outcome));
                    continue;
                }
                if (Schema.fromJson(outcome.schemaJson()).equals(batch)) {
                    result.add(FileFinish.promote(task, outcome));
                } else {
                    result.add(FileFinish.reconvert(task, outcome, batchJson));
                }
            }
            return result;
        }

        private <I extends Serializable, T extends Serializable> List<T> onRunner(
                List<I> items, TaskRunner.Work<I, T> work, ToLongFunction<I> size, String what) {
            if (items.isEmpty()) {
                return List.of();
            }
            // one task per file, largest first, so that a big file does not start last
            List<I> bySize = items.stream()
                    .sorted(Comparator.comparingLong(size).reversed())
                    .toList();
            return runner.run("run " + args.runId() + ": " + what + ", " + items.size() + " files", bySize, work);
        }

        private void quarantine(FileOutcome file) {
            log.warn("Run {}: {}", args.runId(), file.error());
            outcomes.put(file.index(), file);
            quarantined.add(file.index());
        }

        private void fail(FileTask task, String error) {
            log.warn("Run {}: {} was not converted: {}", args.runId(), task.uri(), error);
            outcomes.put(task.index(), outcome(task, error));
        }

        private static FileOutcome outcome(FileTask task, String error) {
            return FileOutcome.failed(task, error);
        }

        RunReport writeReport(Optional<String> error) {
            seconds.put("total", since(started));
            if (error.isPresent()) {
                // the run failed as a whole: files not yet done were not converted either
                for (FileTask task : tasks()) {
                    outcomes.putIfAbsent(task.index(), outcome(task, "not converted: " + error.get()));
                }
            }
            List<RunReport.FileReport> files = outcomes.values().stream()
                    .sorted(Comparator.comparingInt(FileOutcome::index))
                    .map(o -> quarantined.contains(o.index()) ? o.toReport().asQuarantined() : o.toReport())
                    .toList();
            RunReport report = new RunReport(
                    args.runId(),
                    args.attempt(),
                    args.jobName(),
                    args.jobRunId(),
                    args.database() + "." + args.table(),
                    manifest.ingestDate(),
                    processedAt,
                    files,
                    schema.map(Schema::toJson),
                    widened,
                    change,
                    seconds,
                    error,
                    conflicts);
            ObjectLocation at = args.at(layout.report());
            store(at).put(at, report.toJson(), "application/json");
            return report;
        }

        private static double since(long nanos) {
            return Math.round((System.nanoTime() - nanos) / 1e6) / 1000.0;
        }
    }
}
