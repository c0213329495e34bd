package dev.sluice.controlplane.insights;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.ingest.FileSearch;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/insights/files}: find a file by a fragment of its key, whatever its pipeline. */
@RestController
@RequestMapping("/api/v1/insights/files")
class SearchController {

    static final int MAX_LIMIT = 200;

    private final FileSearch search;

    SearchController(FileSearch search) {
        this.search = search;
    }

    /** The answer: what was looked for and the newest matching files. */
    record Found(String key, List<FileSearch.Match> items) {}

    @GetMapping
    @Operation(summary = "Files whose key contains a fragment (case-insensitive), across pipelines, newest first")
    Found search(@RequestParam String key, @RequestParam(defaultValue = "50") int limit) {
        String fragment = key.strip();
        if (fragment.length() < 2 || fragment.length() > 1024) {
            throw new BadInsightRequest("key must be 2 to 1024 characters, not " + fragment.length());
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadInsightRequest("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        return new Found(fragment, search.byKeyFragment(fragment, limit));
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadInsightRequest e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-insight-request", e.getMessage());
    }
}
