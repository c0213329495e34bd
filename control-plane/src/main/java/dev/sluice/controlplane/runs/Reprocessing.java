package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.logging.LogContext;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.PipelineSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Converts recorded files of a pipeline again, in new runs batched by the pipeline's policy. Only
 * finished files (processed, failed or quarantined) are taken: a file pending or in a queued or running run is
 * left out, so that no file is converted twice at once by accident.
 */
@Service
class Reprocessing {

    private static final Logger log = LoggerFactory.getLogger(Reprocessing.class);

    /** How many of the selected files the answer lists. */
    static final int SAMPLE = 20;

    private static final Set<FileStatus> REPROCESSABLE =
            Set.of(FileStatus.PROCESSED, FileStatus.FAILED, FileStatus.QUARANTINED);

    private final FileArrivals arrivals;
    private final RunStore runs;
    private final PipelineLock lock;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Reprocessing(
            FileArrivals arrivals, RunStore runs, PipelineLock lock, TransactionTemplate transaction, Clock clock) {
        this.arrivals = arrivals;
        this.runs = runs;
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What the selection would reprocess, creating nothing. */
    ReprocessPlan plan(Pipeline pipeline, ReprocessSelection selection) {
        selection.validate();
        return transaction.execute(status -> planned(pipeline, selection, true));
    }

    /** Creates the runs; the pipeline is locked meanwhile, so the batcher and other requests wait. */
    ReprocessPlan reprocess(Pipeline pipeline, ReprocessSelection selection) {
        selection.validate();
        return transaction.execute(status -> {
            lock.lock(pipeline.name());
            ReprocessPlan plan = planned(pipeline, selection, false);
            List<Long> runIds = new ArrayList<>();
            Map<Long, Run> earlier = new HashMap<>();
            for (List<RecordedFile> batch : plan.batches()) {
                runIds.add(createRun(pipeline, selection, batch, earlier));
            }
            return plan.withRuns(runIds);
        });
    }

    private long createRun(
            Pipeline pipeline, ReprocessSelection selection, List<RecordedFile> batch, Map<Long, Run> earlier) {
        PipelineSettings settings = pipeline.settings();
        long bytes = batch.stream().mapToLong(RecordedFile::size).sum();
        Run run = runs.create(
                pipeline.name(),
                settings.job().name(),
                settings.retry().maxAttempts(),
                batch.size(),
                bytes,
                selection.describe(),
                clock.instant());
        // Recorded before the files move: afterwards their run id is the new run's.
        for (RecordedFile file : batch) {
            Run superseded =
                    earlier.computeIfAbsent(file.runId(), id -> runs.find(id).orElseThrow());
            runs.supersede(run.id(), file.id(), file.key(), superseded);
        }
        int moved = arrivals.reassign(batch.stream().map(RecordedFile::id).toList(), run.id());
        if (moved != batch.size()) {
            // The pipeline is locked, so nothing else moves its files; this is a bug, not a race.
            throw new IllegalStateException("reprocess run " + run.id() + " took " + moved + " of " + batch.size()
                    + " files; nothing was created");
        }
        try (var logged = LogContext.run(run.id())) {
            log.info(
                    "Run {} queued for pipeline {}: reprocess of {} files, {} bytes ({})",
                    run.id(),
                    pipeline.name(),
                    batch.size(),
                    bytes,
                    selection.describe());
        }
        return run.id();
    }

    /**
     * The selection after leaving out what cannot be reprocessed now, split into runs.
     *
     * @throws TooManyFilesException when the selection matches more than {@link ReprocessSelection#MAX_FILES}
     */
    private ReprocessPlan planned(Pipeline pipeline, ReprocessSelection selection, boolean dryRun) {
        List<RecordedFile> selected = select(pipeline.name(), selection);
        List<RecordedFile> taken = new ArrayList<>();
        Map<String, Integer> skipped = new LinkedHashMap<>();
        for (RecordedFile file : selected) {
            if (REPROCESSABLE.contains(file.status()) && file.runId() != null) {
                taken.add(file);
            } else {
                skipped.merge(whySkipped(file), 1, Integer::sum);
            }
        }
        List<List<RecordedFile>> batches = batches(taken, pipeline.settings().batch());
        return ReprocessPlan.of(
                pipeline.name(), selection.describe(), dryRun, selected.size(), taken, skipped, batches);
    }

    private List<RecordedFile> select(String pipeline, ReprocessSelection selection) {
        int limit = ReprocessSelection.MAX_FILES + 1;
        List<RecordedFile> found;
        if (selection.fileIds() != null) {
            found = arrivals.ofPipeline(pipeline, new TreeSet<>(selection.fileIds()));
            Set<Long> missing = new TreeSet<>(selection.fileIds());
            found.forEach(f -> missing.remove(f.id()));
            if (!missing.isEmpty()) {
                throw new ReprocessSelection.InvalidSelectionException(
                        "fileIds", "no file " + abbreviated(missing) + " recorded for pipeline '" + pipeline + "'");
            }
        } else if (selection.prefix() != null) {
            found = arrivals.withKeyPrefix(pipeline, selection.prefix(), limit);
        } else {
            found = arrivals.receivedBetween(pipeline, selection.receivedFrom(), selection.receivedTo(), limit);
        }
        if (found.size() > ReprocessSelection.MAX_FILES) {
            throw new TooManyFilesException(selection.describe());
        }
        return found;
    }

    private static String whySkipped(RecordedFile file) {
        return switch (file.status()) {
            case BATCHED -> "in a run that is queued or running (BATCHED)";
            case PENDING -> "pending: the next batch takes it (PENDING)";
            default -> "never sent to a job (" + file.status() + ")";
        };
    }

    private static List<List<RecordedFile>> batches(List<RecordedFile> files, PipelineSettings.Batch limits) {
        List<List<RecordedFile>> batches = new ArrayList<>();
        List<RecordedFile> rest = files;
        while (!rest.isEmpty()) {
            List<RecordedFile> batch = Batcher.fill(rest, limits);
            batches.add(batch);
            rest = rest.subList(batch.size(), rest.size());
        }
        return batches;
    }

    private static String abbreviated(Collection<Long> ids) {
        List<String> shown = ids.stream().limit(10).map(String::valueOf).toList();
        return String.join(", ", shown) + (ids.size() > 10 ? " and " + (ids.size() - 10) + " more" : "");
    }

    static final class TooManyFilesException extends RuntimeException {
        TooManyFilesException(String selection) {
            super("the selection (" + selection + ") matches more than " + ReprocessSelection.MAX_FILES
                    + " files, the most one request may reprocess; narrow the prefix or the time range");
        }
    }
}
