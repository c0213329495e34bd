package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.api.ServerPaths;
import dev.sluice.controlplane.jdbc.Page;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.Optional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/files}: recorded arrivals with their status, in every mode. */
@RestController
@Validated
@RequestMapping("/api/v1/files")
class FileListController {

    private final FileArrivals arrivals;
    private final ServerPaths paths;

    FileListController(FileArrivals arrivals, ServerPaths paths) {
        this.arrivals = arrivals;
        this.paths = paths;
    }

    @GetMapping
    @Operation(summary = "List file arrivals, newest first (filters: pipeline, status, time received)")
    Page<RecordedFile> list(
            @RequestParam Optional<String> pipeline,
            @RequestParam Optional<FileStatus> status,
            @RequestParam Optional<Instant> since,
            @RequestParam Optional<Instant> until,
            @RequestParam Optional<Long> cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return Page.of(
                arrivals
                        .list(new FileQuery(pipeline, status, since, until, cursor.orElse(Long.MAX_VALUE), limit))
                        .stream()
                        .map(f -> f.errorMessage() == null ? f : f.withError(paths.hide(f.errorMessage())))
                        .toList(),
                limit,
                RecordedFile::id);
    }
}
