package dev.sluice.gluejob;

import dev.sluice.gluejob.catalog.CatalogChange;
import dev.sluice.gluejob.catalog.TableCatalog;
import dev.sluice.gluejob.catalog.TablePlan;
import dev.sluice.gluejob.convert.BatchSchema;
import dev.sluice.gluejob.convert.FileFinish;
import dev.sluice.gluejob.convert.FileOutcome;
import dev.sluice.gluejob.convert.FileTask;
import dev.sluice.gluejob.storage.ObjectLocation;
import dev.sluice.gluejob.storage.ObjectStore;
import dev.sluice.gluejob.storage.ObjectStores;
import dev.sluice.gluejob.storage.ObjectVersion;
import dev.sluice.manifest.RunManifest;
import dev.sluice.processor.Schema;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts the files of one run across the cluster. Each file is one Spark task running
 * processor-core, so the output is exactly what {@code ./sluice convert} makes of the same file:
 *
 * <ol>
 *   <li>every file is converted with its own inferred schema into a staging prefix outside the
 *       table (for a batch of files of one kind, the only pass over the data);
 *   <li>the batch's schema is found from theirs and checked against the table: an incompatible
 *       change stops the run here, with nothing written to the table;
 *   <li>files converted with that schema are copied into the partition, the others converted
 *       again with it;
 *   <li>the catalog is brought up to date and the report written.
 * </ol>
 */
public final class BatchConversion {

    private static final Logger log = LoggerFactory.getLogger(BatchConversion.class);

    private final SparkSession spark;
    private final TableCatalog catalog;
    private final Clock clock;

    public BatchConversion(SparkSession spark, TableCatalog catalog, Clock clock) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Runs the conversion and writes its report, also when the run fails as a whole.
     *
     * @throws RuntimeException when the run as a whole fails: unreadable manifest, incompatible
     *     schema, storage or catalog errors; the message says why
     */
    public RunReport run(JobArguments args) {
        RunManifest manifest = readManifest(args);
        OutputLayout layout = new OutputLayout(args.output(), args.table(), manifest.ingestDate(), args.runId());
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
            try {
                run.writeReport(Optional.of(e.getMessage() == null ? e.toString() : e.getMessage()));
            } catch (RuntimeException reportFailed) {
                e.addSuppressed(reportFailed);
            }
            throw e;
        }
    }

    private static RunManifest readManifest(JobArguments args) {
        ObjectLocation at = args.manifest();
        RunManifest manifest = ManifestReader.read(store(at, args).read(at), at.uri());
        requireSame("--run_id", Long.toString(args.runId()), Long.toString(manifest.runId()), at);
        requireSame("--attempt", Integer.toString(args.attempt()), Integer.toString(manifest.attempt()), at);
        requireSame("--database", args.database(), manifest.database(), at);
        requireSame("--table", args.table(), manifest.table(), at);
        requireSame("--processing_job", args.processingJob(), manifest.processingJob(), at);
        return manifest;
    }

    private static void requireSame(String argument, String given, String inManifest, ObjectLocation manifest) {
        if (inManifest != null && !given.equals(inManifest)) {
            throw new InvalidJobArgumentException(
                    argument, given, "the manifest " + manifest + " says '" + inManifest + "'");
        }
    }

    private static ObjectStore store(ObjectLocation location, JobArguments args) {
        return ObjectStores.forLocation(location, args.store());
    }

    /** The state of one run as it goes. */
    private final class Run {
        private final JobArguments args;
        private final RunManifest manifest;
        private final OutputLayout layout;
        private final Instant processedAt;
        private final long started = System.nanoTime();
        private final Map<String, Double> seconds = new HashMap<>();
        private final Map<Integer, FileOutcome> outcomes = new HashMap<>();
        private Optional<Schema> schema = Optional.empty();
        private List<String> widened = List.of();
        private Optional<CatalogChange> change = Optional.empty();

        Run(JobArguments args, RunManifest manifest, OutputLayout layout, Instant processedAt) {
            this.args = args;
            this.manifest = manifest;
            this.layout = layout;
            this.processedAt = processedAt;
        }

        RunReport execute() {
            List<FileTask> tasks = tasks();
            Map<Integer, FileTask> byIndex = tasks.stream().collect(Collectors.toMap(FileTask::index, t -> t));
            long phase = System.nanoTime();
            store(layout.output(), args).deletePrefix(layout.staging());
            try {
                List<FileOutcome> staged = onExecutors(tasks, FileTask::convertStaged, FileTask::size, "conversion");
                seconds.put("convert", since(phase));

                phase = System.nanoTime();
                schema = BatchSchema.infer(staged, byIndex);
                if (schema.isEmpty()) {
                    staged.forEach(o -> outcomes.put(o.index(), o));
                    return writeReport(Optional.empty());
                }
                TablePlan plan = catalog.plan(schema.get());
                schema = Optional.of(plan.writeSchema());
                widened = plan.widenedColumns();
                seconds.put("schema", since(phase));

                phase = System.nanoTime();
                clearEarlierAttempts();
                List<FileFinish> finishes = finishes(staged, byIndex, plan.writeSchema());
                onExecutors(finishes, FileFinish::run, FileFinish::size, "into the table")
                        .forEach(o -> outcomes.put(o.index(), o));
                seconds.put("finish", since(phase));

                if (outcomes.values().stream().anyMatch(FileOutcome::ok)) {
                    phase = System.nanoTime();
                    change = Optional.of(catalog.commit(plan, manifest.ingestDate()));
                    seconds.put("catalog", since(phase));
                }
            } finally {
                clearStaging();
            }
            return writeReport(Optional.empty());
        }

        private List<FileTask> tasks() {
            // a task is one core; a second thread per file pays when there are cores to spare
            int threads = manifest.files().size() * 2 <= spark.sparkContext().defaultParallelism() ? 2 : 1;
            List<FileTask> tasks = new ArrayList<>();
            for (int i = 0; i < manifest.files().size(); i++) {
                RunManifest.ManifestFile f = manifest.files().get(i);
                tasks.add(new FileTask(
                        i,
                        f.fileId(),
                        f.uri(),
                        f.size(),
                        new ObjectVersion(f.versionId(), f.etag(), f.size()),
                        args.store(),
                        layout.parquet(i),
                        layout.rejects(i),
                        layout.staged(i),
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

        /** Staged files are copies: a failure to remove them costs storage, never data. */
        private void clearStaging() {
            try {
                store(layout.output(), args).deletePrefix(layout.staging());
            } catch (RuntimeException e) {
                log.warn(
                        "Run {}: could not remove the staged files under {}: {}",
                        args.runId(),
                        layout.staging(),
                        e.toString());
            }
        }

        /** What an earlier attempt of this run wrote goes first: this attempt writes it all again. */
        private void clearEarlierAttempts() {
            int parts = store(layout.partition(), args).deletePrefix(layout.runParts());
            int rejects = store(layout.output(), args).deletePrefix(layout.rejectsPrefix());
            if (parts + rejects > 0) {
                log.info(
                        "Run {}: removed {} data and {} rejects files of an earlier attempt",
                        args.runId(),
                        parts,
                        rejects);
            }
        }

        private <I, T> List<T> onExecutors(
                List<I> items,
                org.apache.spark.api.java.function.Function<I, T> work,
                ToLongFunction<I> size,
                String what) {
            if (items.isEmpty()) {
                return List.of();
            }
            // one task per file, largest first, so that a big file does not start last
            List<I> bySize = items.stream()
                    .sorted(Comparator.comparingLong(size).reversed())
                    .toList();
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            context.setJobDescription("run " + args.runId() + ": " + what + ", " + items.size() + " files");
            try {
                return context.parallelize(bySize, bySize.size()).map(work).collect();
            } finally {
                context.setJobDescription(null);
            }
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
            List<FileOutcome> files = new ArrayList<>(outcomes.values());
            RunReport report = new RunReport(
                    args.runId(),
                    args.attempt(),
                    args.jobName(),
                    args.jobRunId(),
                    args.database() + "." + args.table(),
                    manifest.ingestDate(),
                    processedAt,
                    files,
                    schema,
                    widened,
                    change,
                    seconds,
                    error);
            store(layout.report(), args)
                    .put(layout.report(), report.toJson().getBytes(StandardCharsets.UTF_8), "application/json");
            return report;
        }

        private static double since(long nanos) {
            return Math.round((System.nanoTime() - nanos) / 1e6) / 1000.0;
        }
    }
}
