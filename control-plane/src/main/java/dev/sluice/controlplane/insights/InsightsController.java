package dev.sluice.controlplane.insights;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/insights}: read-only views over other features for the dashboard's charts. */
@RestController
@RequestMapping("/api/v1/insights")
class InsightsController {

    private final Pipelines pipelines;
    private final SeriesQueries series;

    InsightsController(Pipelines pipelines, SeriesQueries series) {
        this.pipelines = pipelines;
        this.series = series;
    }

    @GetMapping("/series")
    @Operation(
            summary =
                    "Each pipeline's files, runs by status, rows, durations, queue lag and Glue cost, bucketed over a window")
    Series series(
            @RequestParam(defaultValue = "24h")
                    @Parameter(schema = @Schema(allowableValues = {"1h", "24h", "7d", "30d"}))
                    String window,
            @RequestParam(required = false) String pipeline) {
        SeriesWindow w = SeriesWindow.of(window)
                .orElseThrow(
                        () -> new BadInsightRequest("window '" + window + "' is not one of " + SeriesWindow.labels()));
        List<String> names;
        if (pipeline == null || pipeline.isBlank()) {
            names = pipelines.all().stream().map(Pipeline::name).sorted().toList();
        } else {
            names = List.of(pipelines
                    .find(pipeline)
                    .orElseThrow(() -> new UnknownPipeline(pipeline))
                    .name());
        }
        return series.of(w, names, names.size() == 1 ? names.get(0) : null);
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadInsightRequest e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-insight-request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownPipeline(UnknownPipeline e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "unknown-pipeline", e.getMessage());
    }

    static final class UnknownPipeline extends RuntimeException {
        UnknownPipeline(String name) {
            super("no pipeline is named '" + name + "'");
        }
    }
}
