package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.ingest.FileArrivals;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.manifest.RunReport;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** What the API may ask of runs. */
@Service
public class RunService {

    private final RunStore runs;
    private final FileArrivals arrivals;
    private final RunTransitions transitions;
    private final Clock clock;

    RunService(RunStore runs, FileArrivals arrivals, RunTransitions transitions, Clock clock) {
        this.runs = runs;
        this.arrivals = arrivals;
        this.transitions = transitions;
        this.clock = clock;
    }

    public Optional<Run> find(long id) {
        return runs.find(id);
    }

    public List<Run> list(RunQuery query) {
        return runs.list(query);
    }

    public List<RecordedFile> files(long runId) {
        return arrivals.ofRun(runId);
    }

    public List<RunAttempt> attempts(long runId) {
        return runs.attempts(runId);
    }

    /** The Iceberg snapshot that holds the run's rows, for a pipeline of that format. */
    public Optional<RunReport.TableSnapshot> snapshot(long runId) {
        return runs.snapshot(runId);
    }

    public List<Supersession> supersedes(long runId) {
        return runs.supersedes(runId);
    }

    public List<Supersession> supersededBy(long runId) {
        return runs.supersededBy(runId);
    }

    public List<RunTransition> transitions(long runId) {
        return runs.transitions(runId);
    }

    /**
     * Queues a failed, timed-out or stopped run again as a new attempt over the same files.
     *
     * @param requestedBy who asks; the attempt and the run's history name them
     * @throws IllegalTransitionException when the run is not in a state that can be retried
     */
    public Run retry(long id, String requestedBy) {
        Run run = runs.find(id).orElseThrow(() -> new RunNotFoundException(id));
        if (!run.status().canMoveTo(RunStatus.QUEUED) || run.status() == RunStatus.STARTING) {
            throw new IllegalTransitionException(id, run.status(), RunStatus.QUEUED);
        }
        if (arrivals.ofRun(id).isEmpty() && !runs.supersededBy(id).isEmpty()) {
            // Its files went into reprocess runs: a retry would start a job over no files.
            throw new NothingToRetryException(id, runs.supersededBy(id));
        }
        if (!transitions.apply(
                run,
                r -> r.nextAttempt(clock.instant(), clock.instant()).allowingOneMoreAttempt(),
                "manual retry as attempt " + (run.attempt() + 1) + " by " + requestedBy,
                Optional.of(requestedBy))) {
            throw new IllegalTransitionException(id, run.status(), RunStatus.QUEUED);
        }
        arrivals.markRun(id, dev.sluice.controlplane.ingest.FileStatus.BATCHED);
        return runs.find(id).orElseThrow();
    }
}
