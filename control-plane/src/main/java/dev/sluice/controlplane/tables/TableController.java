package dev.sluice.controlplane.tables;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/insights/pipelines/{name}/table}: the table's columns and the history of its changes. */
@RestController
class TableController {

    static final int MAX_LIMIT = 500;
    static final String NULLS_FROM = "the null counts in the footers of the Parquet files runs wrote, summed";

    private final Pipelines pipelines;
    private final TableStore tables;

    TableController(Pipelines pipelines, TableStore tables) {
        this.pipelines = pipelines;
        this.tables = tables;
    }

    @GetMapping("/api/v1/insights/pipelines/{name}/table")
    @Operation(
            summary = "A pipeline's table: its columns (type, header, nulls seen) and the runs that added or widened"
                    + " columns or that it refused, newest first")
    TableView table(
            @PathVariable String name,
            @RequestParam(defaultValue = "50") int limit,
            @RequestParam(defaultValue = "9223372036854775807") long before) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadTableRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        Pipeline pipeline = pipelines.find(name).orElseThrow(() -> new UnknownPipeline(name));
        List<TableView.TableChange> history = tables.history(name, before, limit);
        Long next = history.size() == limit ? history.get(history.size() - 1).runId() : null;
        return new TableView(
                name,
                pipeline.settings().job().database() + "."
                        + pipeline.settings().job().table(),
                tables.columns(name),
                history,
                NULLS_FROM,
                next);
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadTableRequest e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-insight-request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unknownPipeline(UnknownPipeline e) {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-pipeline", e.getMessage());
    }

    static final class BadTableRequest extends RuntimeException {
        BadTableRequest(String message) {
            super(message);
        }
    }

    static final class UnknownPipeline extends RuntimeException {
        UnknownPipeline(String name) {
            super("no pipeline is named '" + name + "'");
        }
    }
}
