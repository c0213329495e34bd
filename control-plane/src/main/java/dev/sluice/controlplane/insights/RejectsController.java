package dev.sluice.controlplane.insights;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.ingest.RecordedFile;
import dev.sluice.controlplane.pipelines.PipelineSettings;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectReader;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.manifest.OutputLayout;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/insights/runs/{id}/rejects}: the rejected rows of a run's files, paged from the
 * rejects CSV the job wrote next to the output ({@code _rejects/<run>/part-<run>-<n>.csv}, n the
 * file's place in the run), and the CSV itself for download.
 */
@RestController
@RequestMapping("/api/v1/insights/runs/{id}/rejects")
class RejectsController {

    static final int MAX_LIMIT = 500;

    private final RunService runs;
    private final Pipelines pipelines;
    private final ObjectStore store;

    RejectsController(RunService runs, Pipelines pipelines, ObjectStore store) {
        this.runs = runs;
        this.pipelines = pipelines;
        this.store = store;
    }

    @GetMapping
    @Operation(summary = "A page of the rejected rows of one file of a run")
    RejectsPage page(
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int file,
            @RequestParam(defaultValue = "0") long cursor,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadInsightRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (cursor < 0) {
            throw new BadInsightRequest("cursor must not be negative");
        }
        Rejects rejects = rejectsOf(id, file);
        long size = store.size(rejects.location()).orElse(0L);
        if (cursor > size) {
            throw new BadInsightRequest("cursor " + cursor + " is past the end of the rejects (" + size + " bytes)");
        }
        if (size == 0) {
            return new RejectsPage(id, file, rejects.uri(), null, 0, List.of(), null);
        }
        RejectsCsv.Result result = new RejectsCsv(
                        new ObjectReader(store, rejects.location(), size), store.uri(rejects.location()))
                .read(cursor, limit);
        return new RejectsPage(
                id, file, rejects.uri(), store.uri(rejects.location()), size, result.rows(), result.next());
    }

    @GetMapping(value = "/download", produces = "text/csv")
    @Operation(summary = "The rejects CSV of one file of a run (line,column,reason,raw)")
    ResponseEntity<byte[]> download(@PathVariable long id, @RequestParam(defaultValue = "0") int file) {
        Rejects rejects = rejectsOf(id, file);
        byte[] csv = store.read(rejects.location())
                .orElseThrow(() -> new NotFound("run " + id + " wrote no rejects for file " + file));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("rejects-run-" + id + "-file-" + file + ".csv")
                                .build()
                                .toString())
                .body(csv);
    }

    private record Rejects(Location location, String uri) {}

    private Rejects rejectsOf(long id, int file) {
        Run run = runs.find(id).orElseThrow(() -> new NotFound("no run " + id));
        List<RecordedFile> files = runs.files(id);
        if (file < 0 || file >= files.size()) {
            throw new BadInsightRequest("run " + id + " has " + files.size() + " files; file must be 0 to "
                    + (files.size() - 1) + ", not " + file);
        }
        PipelineSettings.Output output = pipelines
                .find(run.pipeline())
                .orElseThrow(() -> new NotFound(
                        "run " + id + " belongs to pipeline '" + run.pipeline() + "', which is no longer configured"))
                .settings()
                .output();
        RecordedFile recorded = files.get(file);
        return new Rejects(
                new Location(output.bucket(), output.prefix() + OutputLayout.rejects(id, file)),
                store.uri(new Location(recorded.bucket(), recorded.key())));
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadInsightRequest e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-insight-request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFound e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail malformed(RejectsCsv.MalformedRejectsException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "malformed-rejects", e.getMessage());
    }

    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
