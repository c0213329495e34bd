package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.logging.LogContext;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.pipelines.Pipelines;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes a pipeline's pending files into batches: at max files, max bytes or max wait, whichever
 * comes first. One run per batch, because a Glue run is billed a minimum and a job has a limit
 * of concurrent runs.
 */
@Component
class Batcher {

    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    private final Pipelines pipelines;
    private final FileArrivals arrivals;
    private final RunStore runs;
    private final PipelineLock lock;
    private final TransactionTemplate transaction;
    private final Clock clock;

    Batcher(
            Pipelines pipelines,
            FileArrivals arrivals,
            RunStore runs,
            PipelineLock lock,
            TransactionTemplate transaction,
            Clock clock) {
        this.pipelines = pipelines;
        this.arrivals = arrivals;
        this.runs = runs;
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${sluice.runs.batch-interval:1s}")
    void closeBatches() {
        for (Pipeline pipeline : pipelines.all()) {
            try {
                transaction.executeWithoutResult(status -> closeBatches(pipeline));
            } catch (RuntimeException e) {
                log.warn("Batching pipeline {} failed; next pass retries: {}", pipeline.name(), e.toString());
            }
        }
    }

    private void closeBatches(Pipeline pipeline) {
        if (!lock.tryLock(pipeline.name())) {
            return;
        }
        PipelineSettings settings = pipeline.settings();
        while (true) {
            List<RecordedFile> pending =
                    arrivals.pending(pipeline.name(), settings.batch().maxFiles() + 1);
            List<RecordedFile> batch = fill(pending, settings.batch());
            if (batch.isEmpty() || !closes(batch, pending, settings.batch(), clock.instant())) {
                return;
            }
            long bytes = batch.stream().mapToLong(RecordedFile::size).sum();
            Run run = runs.create(
                    pipeline.name(),
                    settings.job().name(),
                    settings.retry().maxAttempts(),
                    batch.size(),
                    bytes,
                    clock.instant());
            arrivals.assign(batch.stream().map(RecordedFile::id).toList(), run.id());
            try (var logged = LogContext.run(run.id())) {
                log.info(
                        "Run {} queued for pipeline {}: {} files, {} bytes",
                        run.id(),
                        pipeline.name(),
                        batch.size(),
                        bytes);
            }
        }
    }

    /** The oldest files that fit the batch limits; always at least one, so a huge file is not stuck. */
    static List<RecordedFile> fill(List<RecordedFile> pending, PipelineSettings.Batch limits) {
        List<RecordedFile> batch = new ArrayList<>();
        long bytes = 0;
        for (RecordedFile file : pending) {
            boolean fits = batch.size() < limits.maxFiles()
                    && bytes + file.size() <= limits.maxBytes().toBytes();
            if (!fits && !batch.isEmpty()) {
                break;
            }
            batch.add(file);
            bytes += file.size();
        }
        return batch;
    }

    static boolean closes(
            List<RecordedFile> batch, List<RecordedFile> pending, PipelineSettings.Batch limits, Instant now) {
        long bytes = batch.stream().mapToLong(RecordedFile::size).sum();
        boolean full = batch.size() < pending.size()
                || batch.size() >= limits.maxFiles()
                || bytes >= limits.maxBytes().toBytes();
        boolean waitedEnough = !batch.get(0).receivedAt().isAfter(now.minus(limits.maxWait()));
        return full || waitedEnough;
    }
}
