package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/pipelines/{name}/reprocess}: convert recorded files again, or see what that would do. */
@RestController
class ReprocessController {

    private final Pipelines pipelines;
    private final Reprocessing reprocessing;

    ReprocessController(Pipelines pipelines, Reprocessing reprocessing) {
        this.pipelines = pipelines;
        this.reprocessing = reprocessing;
    }

    @PostMapping("/api/v1/pipelines/{name}/reprocess")
    @Operation(
            summary = "Convert recorded files again in new runs (at most "
                    + ReprocessSelection.MAX_FILES
                    + " files per request); dryRun=true only says what would be done")
    @ApiResponse(responseCode = "200", description = "Dry run: what would be reprocessed; nothing was created")
    @ApiResponse(responseCode = "202", description = "The runs are queued; runIds names them")
    ResponseEntity<ReprocessPlan> reprocess(
            @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean dryRun,
            @RequestBody ReprocessSelection selection) {
        Pipeline pipeline = pipelines.find(name).orElseThrow(() -> new NoSuchPipelineException(name));
        if (dryRun) {
            return ResponseEntity.ok(reprocessing.plan(pipeline, selection));
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(reprocessing.reprocess(pipeline, selection));
    }

    @ExceptionHandler
    ProblemDetail invalid(ReprocessSelection.InvalidSelectionException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-selection", e.getMessage());
        problem.setProperty("field", e.field());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail tooMany(Reprocessing.TooManyFilesException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "selection-too-large", e.getMessage());
        problem.setProperty("maxFilesPerRequest", ReprocessSelection.MAX_FILES);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail unknown(NoSuchPipelineException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    static final class NoSuchPipelineException extends RuntimeException {
        NoSuchPipelineException(String name) {
            super("no pipeline '" + name + "'");
        }
    }
}
