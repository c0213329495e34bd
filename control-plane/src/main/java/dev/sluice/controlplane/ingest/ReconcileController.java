package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.pipelines.UnknownPipelineException;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/pipelines/{name}/reconcile}: where the sweep stands, and a sweep now. */
@RestController
@RequestMapping("/api/v1/pipelines/{name}/reconcile")
class ReconcileController {

    private final Pipelines pipelines;
    private final Reconciler reconciler;
    private final ReconcileProperties properties;

    ReconcileController(Pipelines pipelines, Reconciler reconciler, ReconcileProperties properties) {
        this.pipelines = pipelines;
        this.reconciler = reconciler;
        this.properties = properties;
    }

    /**
     * @param passUnderWay whether a pass has listed part of the input and continues on the next tick
     * @param lastPassFound files the last complete pass recorded
     * @param notificationsLookBroken whether several passes in a row found files notifications missed
     */
    record ReconcileStatus(
            String pipeline,
            Optional<String> interval,
            String grace,
            boolean passUnderWay,
            Optional<Instant> lastPassAt,
            Optional<Integer> lastPassFound,
            boolean notificationsLookBroken) {}

    @GetMapping
    @Operation(summary = "Where the pipeline's reconciliation sweep stands")
    ReconcileStatus status(@PathVariable String name) {
        Pipeline pipeline = pipeline(name);
        var settings = pipeline.settings().reconcile();
        var state = reconciler.state(name);
        return new ReconcileStatus(
                name,
                settings.every().map(Object::toString),
                settings.grace().toString(),
                state.flatMap(ReconcileState::token).isPresent(),
                state.flatMap(ReconcileState::lastPassAt),
                state.flatMap(ReconcileState::lastPassFound),
                state.map(ReconcileState::notificationsLookBroken).orElse(false));
    }

    @PostMapping
    @Operation(summary = "Sweep the pipeline's input now (up to sluice.reconcile.pages-per-request pages)")
    SweepResult sweep(@PathVariable String name) {
        Pipeline pipeline = pipeline(name);
        return reconciler.sweep(pipeline, properties.pagesPerRequest()).orElseThrow(() -> new SweepBusyException(name));
    }

    private Pipeline pipeline(String name) {
        return pipelines.find(name).orElseThrow(() -> new UnknownPipelineException(name));
    }

    @ExceptionHandler
    ProblemDetail busy(SweepBusyException e) {
        return Problems.of(HttpStatus.CONFLICT, "sweep-busy", e.getMessage());
    }

    static final class SweepBusyException extends RuntimeException {
        SweepBusyException(String name) {
            super("pipeline '" + name + "' is being swept by another replica right now; try again shortly");
        }
    }
}
