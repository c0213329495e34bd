package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.FileStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves a run to its next state in one transaction with what goes with it: the transition row,
 * the attempt row and the status of the run's files.
 */
@Component
class RunTransitions {

    private static final Logger log = LoggerFactory.getLogger(RunTransitions.class);

    private final RunStore runs;
    private final FileArrivals arrivals;
    private final RunMetrics metrics;
    private final TransactionTemplate transaction;
    private final Clock clock;

    RunTransitions(
            RunStore runs, FileArrivals arrivals, RunMetrics metrics, TransactionTemplate transaction, Clock clock) {
        this.runs = runs;
        this.arrivals = arrivals;
        this.metrics = metrics;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Applies {@code change} to the run as last read; false when another replica moved it first. */
    boolean apply(Run before, UnaryOperator<Run> change, String detail) {
        boolean saved = Boolean.TRUE.equals(transaction.execute(status -> {
            Run after = change.apply(before);
            if (!runs.save(before, after, detail, clock.instant())) {
                return false;
            }
            if (after.status() == RunStatus.SUCCEEDED) {
                arrivals.markRun(after.id(), FileStatus.PROCESSED);
            }
            return true;
        }));
        log(before, detail, saved);
        return saved;
    }

    /**
     * Ends an attempt that did not succeed and, when the policy allows, queues the next attempt over
     * the same files, in the same transaction; otherwise the run stays failed with its files marked
     * FAILED and kept for a manual retry.
     */
    void fail(Run run, RunStatus outcome, String error, boolean retryable, Backoff.Policy policy) {
        Instant now = clock.instant();
        Run failed = run.withStatus(outcome, now).withError(error);
        boolean retry = retryable && failed.attemptsLeft();
        Duration delay = policy.delayAfter(failed.attempt());
        String detail = outcome + ": " + error;
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
            metrics.finished(run.pipeline(), outcome, Duration.between(run.createdAt(), now));
            if (retry) {
                metrics.retried(run.pipeline());
            }
        }
    }

    private static void log(Run run, String detail, boolean saved) {
        if (saved) {
            log.info("Run {} attempt {}: {}", run.id(), run.attempt(), detail);
        } else {
            log.debug("Run {} was moved by another replica; skipped: {}", run.id(), detail);
        }
    }
}
