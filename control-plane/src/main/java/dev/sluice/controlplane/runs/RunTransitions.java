package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import dev.sluice.controlplane.logging.LogContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a run to its next state in one transaction with what goes with it: the transition row,
 * the attempt row and the status of the run's files.
 */
@Component
class RunTransitions {

    private static final Logger log = LoggerFactory.getLogger(RunTransitions.class);
    /** Reasons of failed files the run's error message names; the files list has them all. */
    private static final int FIRST_REASONS = 3;

    private final RunStore runs;
    private final FileArrivals arrivals;
    private final RunMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    RunTransitions(
            RunStore runs,
            FileArrivals arrivals,
            RunMetrics metrics,
            TransactionTemplate transaction,
            Clock clock,
            ApplicationEventPublisher events) {
        this.events = events;
        this.runs = runs;
        this.arrivals = arrivals;
        this.metrics = metrics;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Applies {@code change} to the run as last read; false when another replica moved it first. */
    boolean apply(Run before, UnaryOperator<Run> change, String detail) {
        return apply(before, change, detail, Optional.empty());
    }

    /**
     * As {@link #apply(Run, UnaryOperator, String)}; a new attempt that someone asked for by hand
     * names them, in the same transaction.
     */
    boolean apply(Run before, UnaryOperator<Run> change, String detail, Optional<String> requestedBy) {
        boolean saved = Boolean.TRUE.equals(transaction.execute(status -> {
            Run after = change.apply(before);
            if (!runs.save(before, after, detail, clock.instant())) {
                return false;
            }
            if (after.attempt() != before.attempt()) {
                requestedBy.ifPresent(who -> runs.recordRequester(after.id(), after.attempt(), who));
            }
            return true;
        }));
        log(before, detail, saved);
        return saved;
    }

    /**
     * Ends an attempt whose job ran to its end: its files are PROCESSED, except those the job
     * reports it could not convert as a whole (empty, binary, unreadable, too wide), which are
     * FAILED with the job's reason, and those it set aside for their schema, which are QUARANTINED
     * with it; with any such file the run is PARTIALLY_SUCCEEDED and its error message says how many
     * and why the first ones failed. Neither is retried: a quarantined file waits for a reprocess.
     */
    boolean succeed(Run run, Run.RowCounts rows, Run.JobUsage usage, FileOutcomes files) {
        Map<Long, String> fileErrors = files.errors();
        Instant now = clock.instant();
        RunStatus ended = fileErrors.isEmpty() ? RunStatus.SUCCEEDED : RunStatus.PARTIALLY_SUCCEEDED;
        String error = fileErrors.isEmpty()
                ? null
                : filesFailed(run, fileErrors, files.quarantined().size());
        Run after = run.withStatus(ended, now).withError(error).withResults(rows, usage);
        String detail = "job run " + run.jobRunId() + (error == null ? " succeeded" : " ended; " + error);
        boolean saved = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!runs.save(run, after, detail, now)) {
                return false;
            }
            arrivals.markRun(run.id(), FileStatus.PROCESSED);
            fileErrors.forEach((id, reason) -> {
                if (files.quarantined().contains(id)) {
                    arrivals.markQuarantined(id, reason);
                } else {
                    arrivals.markFailed(id, reason);
                }
            });
            files.notes().forEach(arrivals::noteConversion);
            return true;
        }));
        log(run, detail, saved);
        if (saved) {
            metrics.finished(run.pipeline(), ended, Duration.between(run.createdAt(), now));
            metrics.rows(run.pipeline(), rows);
            metrics.quarantined(run.pipeline(), files.quarantined().size());
            events.publishEvent(new RunFinished(run.id(), run.pipeline(), ended));
        }
        return saved;
    }

    /**
     * Ends an attempt that did not succeed and, when the policy allows, queues the next attempt over
     * the same files, in the same transaction; otherwise the run stays failed with its files marked
     * FAILED and kept for a manual retry.
     */
    void fail(Run run, Outcome outcome, Backoff.Policy policy) {
        Instant now = clock.instant();
        String error = outcome.error();
        Run failed = run.withStatus(outcome.status(), now).withError(error).withResults(run.rows(), outcome.usage());
        boolean retry = outcome.retryable() && failed.attemptsLeft();
        Duration delay = policy.delayAfter(failed.attempt());
        String detail = outcome.status() + ": " + error;
        boolean saved = Boolean.TRUE.equals(transaction.execute(status -> {
            if (!runs.save(run, failed, detail, now)) {
                return false;
            }
            if (retry) {
                runs.save(
                        failed,
                        failed.nextAttempt(now.plus(delay), now),
                        "retry as attempt " + (failed.attempt() + 1) + " after " + delay.toSeconds() + " s",
                        now);
            } else {
                arrivals.markRun(run.id(), FileStatus.FAILED);
            }
            return true;
        }));
        log(run, detail, saved);
        if (saved) {
            metrics.finished(run.pipeline(), outcome.status(), Duration.between(run.createdAt(), now));
            if (retry) {
                metrics.retried(run.pipeline());
            } else if (outcome.status() != RunStatus.STOPPED) {
                metrics.failed(run.pipeline());
            }
            if (!retry) {
                events.publishEvent(new RunFinished(run.id(), run.pipeline(), outcome.status()));
            }
        }
    }

    /**
     * "6 of 13 files could not be converted: " and the first reasons, in the files' order; "(2 of
     * them set aside for their schema)" when the job quarantined some.
     */
    static String filesFailed(Run run, Map<Long, String> fileErrors, int quarantined) {
        List<String> reasons = fileErrors.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .toList();
        String shown = String.join("; ", reasons.subList(0, Math.min(FIRST_REASONS, reasons.size())));
        int more = reasons.size() - FIRST_REASONS;
        return fileErrors.size() + " of " + Math.max(run.fileCount(), fileErrors.size())
                + " files could not be converted"
                + (quarantined > 0 ? " (" + quarantined + " of them set aside for their schema)" : "")
                + ": " + shown + (more > 0 ? "; and " + more + " more" : "");
    }

    /**
     * The files of a run the job could not bring into the table, by file id: each one's reason, and
     * which of them it set aside for their schema rather than failed; and what the report notes of
     * how files were converted (why a file above the split size went as one task).
     */
    record FileOutcomes(Map<Long, String> errors, Set<Long> quarantined, Map<Long, String> notes) {
        static final FileOutcomes NONE = new FileOutcomes(Map.of(), Set.of(), Map.of());

        FileOutcomes {
            errors = Map.copyOf(errors);
            quarantined = Set.copyOf(quarantined);
            notes = Map.copyOf(notes);
        }
    }

    /** How an attempt that did not succeed ended, and whether another attempt could help. */
    record Outcome(RunStatus status, String error, Run.JobUsage usage, boolean retryable) {}

    private static void log(Run run, String detail, boolean saved) {
        try (var logged = LogContext.run(run.id())) {
            logLine(run, detail, saved);
        }
    }

    private static void logLine(Run run, String detail, boolean saved) {
        if (saved) {
            log.info("Run {} attempt {}: {}", run.id(), run.attempt(), detail);
        } else {
            log.debug("Run {} was moved by another replica; skipped: {}", run.id(), detail);
        }
    }
}
