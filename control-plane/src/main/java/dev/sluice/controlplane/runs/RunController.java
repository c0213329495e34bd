package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.api.ServerPaths;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.manifest.RunReport;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/runs}: list, detail and retry. */
@RestController
@Validated
@RequestMapping("/api/v1/runs")
class RunController {

    private final RunService runs;
    private final GluePricing pricing;
    private final Optional<GlueConsoleLinks> console;
    private final Pipelines pipelines;
    private final ServerPaths paths;

    RunController(
            RunService runs,
            GluePricing pricing,
            Optional<GlueConsoleLinks> console,
            Pipelines pipelines,
            ServerPaths paths) {
        this.runs = runs;
        this.pricing = pricing;
        this.console = console;
        this.pipelines = pipelines;
        this.paths = paths;
    }

    @GetMapping
    RunPage list(
            @RequestParam Optional<String> pipeline,
            @RequestParam Optional<RunStatus> status,
            @RequestParam Optional<Instant> since,
            @RequestParam Optional<Instant> until,
            @RequestParam Optional<Long> cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        List<Run> page = runs.list(new RunQuery(pipeline, status, since, until, cursor.orElse(Long.MAX_VALUE), limit));
        String next =
                page.size() == limit ? Long.toString(page.get(page.size() - 1).id()) : null;
        return new RunPage(page.stream().map(this::shown).toList(), next);
    }

    @GetMapping("/{id}")
    RunDetail detail(@PathVariable long id) {
        Run run = runs.find(id).orElseThrow(() -> new RunNotFoundException(id));
        return new RunDetail(
                shown(run),
                runs.files(id).stream().map(this::shown).toList(),
                runs.attempts(id).stream()
                        .map(a -> new RunAttempt(
                                a.attempt(),
                                a.jobRunId(),
                                a.status(),
                                paths.hide(a.errorMessage()),
                                a.startedAt(),
                                a.finishedAt(),
                                a.requestedBy()))
                        .toList(),
                runs.transitions(id).stream()
                        .map(t -> new RunTransition(t.from(), t.to(), t.attempt(), paths.hide(t.detail()), t.at()))
                        .toList(),
                runs.supersedes(id),
                runs.supersededBy(id),
                runs.snapshot(id),
                runs.snapshot(id).map(sn -> Long.toString(sn.snapshotId())),
                pricing.cost(run.usage().dpuSeconds()),
                logs(run));
    }

    /** Errors as callers see them: without the server's absolute paths. */
    private Run shown(Run run) {
        Run shown = run.errorMessage() == null ? run : run.withError(paths.hide(run.errorMessage()));
        return shown.manifestUri() == null
                ? shown
                : shown.withJob(shown.jobRunId(), paths.hideUri(shown.manifestUri()));
    }

    private RecordedFile shown(RecordedFile f) {
        return f.errorMessage() == null ? f : f.withError(paths.hide(f.errorMessage()));
    }

    /** The run's logs in the CloudWatch console, for runs on AWS Glue. */
    private Optional<URI> logs(Run run) {
        return console.flatMap(links -> pipelines
                .find(run.pipeline())
                .flatMap(p -> links.logs(p.settings().environment(), run.jobRunId())));
    }

    @PostMapping("/{id}/retry")
    ResponseEntity<Run> retry(@PathVariable long id, Principal caller) {
        String requestedBy = caller == null || caller.getName() == null ? "anonymous" : caller.getName();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(shown(runs.retry(id, requestedBy)));
    }

    @ExceptionHandler
    ProblemDetail notFound(RunNotFoundException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail nothingToRetry(NothingToRetryException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail conflict(IllegalTransitionException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    /** A page of runs; {@code nextCursor} fetches the next, older page. */
    record RunPage(List<Run> items, String nextCursor) {}

    /**
     * @param supersedes for a reprocess run, per file the earlier run whose output of it this run
     *     replaces on publishing; empty for a batch of new arrivals
     * @param supersededBy per file of this run that was reprocessed, the reprocess run that took
     *     it (the file is listed there, no longer here)
     * @param snapshot for a pipeline with Iceberg output, the snapshot that holds the run's rows:
     *     its id, the attempt that committed it, files and rows added and deleted
     * @param snapshotIdText the snapshot's id as a string: a 64-bit id, which a JavaScript number
     *     cannot hold exactly
     * @param cost the run's Glue DPU-seconds at the configured price; empty for embedded runs
     * @param logsUrl the run's logs in the CloudWatch console; empty for embedded runs
     */
    record RunDetail(
            Run run,
            List<RecordedFile> files,
            List<RunAttempt> attempts,
            List<RunTransition> transitions,
            List<Supersession> supersedes,
            List<Supersession> supersededBy,
            Optional<RunReport.TableSnapshot> snapshot,
            Optional<String> snapshotIdText,
            Optional<GlueCost> cost,
            Optional<URI> logsUrl) {}
}
