package dev.sluice.controlplane.tables;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunReports;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.manifest.OutputLayout;
import dev.sluice.manifest.RunReport;
import io.swagger.v3.oas.annotations.Operation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/insights/runs/{id}/preview}: the first rows of a run's output, read on the server
 * from the Parquet files its report lists (the footer, then only the pages of the rows shown).
 */
@RestController
class PreviewController {

    private final RunService runs;
    private final Pipelines pipelines;
    private final RunReports reports;
    private final ObjectStore store;
    private final TablesProperties limits;

    PreviewController(
            RunService runs, Pipelines pipelines, RunReports reports, ObjectStore store, TablesProperties limits) {
        this.runs = runs;
        this.pipelines = pipelines;
        this.reports = reports;
        this.store = store;
        this.limits = limits;
    }

    @GetMapping("/api/v1/insights/runs/{id}/preview")
    @Operation(summary = "The first rows of a run's Parquet output, typed as Athena shows them")
    RunPreview preview(@PathVariable long id, @RequestParam(required = false) Integer rows) {
        int wanted = rows == null ? limits.previewRows() : rows;
        if (wanted < 1 || wanted > limits.previewMaxRows()) {
            throw new BadPreview("rows must be between 1 and " + limits.previewMaxRows() + ", not " + wanted);
        }
        Run run = runs.find(id).orElseThrow(() -> new NoPreview("no run " + id));
        Pipeline pipeline = pipelines
                .find(run.pipeline())
                .orElseThrow(() -> new NoPreview(
                        "run " + id + " belongs to pipeline '" + run.pipeline() + "', which is no longer configured"));
        RunReport report = reports.read(pipeline.settings(), id)
                .orElseThrow(() -> new NoPreview("run " + id + " has no report: its job wrote no output yet"));
        var settings = pipeline.settings();
        OutputLayout layout = new OutputLayout(settings.job().table(), report.ingestDate(), id);
        Collected collected = new Collected(wanted);
        for (int i = 0; i < report.files().size() && collected.rows.size() < wanted; i++) {
            if (report.files().get(i).parquet().isEmpty()) {
                continue;
            }
            Location at =
                    new Location(settings.output().bucket(), settings.output().prefix() + layout.parquet(i));
            collected.add(read(id, at, wanted - collected.rows.size()), store.uri(at));
        }
        if (collected.files.isEmpty()) {
            throw new NoPreview("run " + id + " wrote no Parquet"
                    + report.error().map(e -> ": " + e).orElse(" (none of its files was converted)"));
        }
        return collected.preview(
                id, settings.job().database() + "." + settings.job().table(), limits);
    }

    private ParquetRows.Read read(long id, Location at, int rows) {
        long size = store.size(at)
                .orElseThrow(() -> new NoPreview(
                        "run " + id + ": its Parquet file " + store.uri(at) + " is missing; was it removed?"));
        try {
            return ParquetRows.read(new StoredParquet(store, at, size), rows, limits.previewMaxColumns());
        } catch (IOException | RuntimeException e) {
            throw new UnreadableParquet("run " + id + ": " + store.uri(at) + " cannot be read as Parquet: "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }

    /** Rows gathered over the run's files, until enough. */
    private static final class Collected {
        private final int wanted;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<String> files = new ArrayList<>();
        private List<ParquetRows.Column> columns = List.of();
        private int columnsTotal;
        private long rowsInFiles;

        Collected(int wanted) {
            this.wanted = wanted;
        }

        void add(ParquetRows.Read read, String uri) {
            if (files.isEmpty()) {
                columns = read.columns();
                columnsTotal = read.columnsTotal();
            }
            files.add(uri);
            rowsInFiles += read.rowsInFile();
            for (List<String> row : read.rows()) {
                if (rows.size() < wanted) {
                    rows.add(row);
                }
            }
        }

        RunPreview preview(long id, String table, TablesProperties limits) {
            List<RunPreview.Cell> truncated = new ArrayList<>();
            List<List<String>> shown = new ArrayList<>();
            for (int r = 0; r < rows.size(); r++) {
                List<String> row = new ArrayList<>(rows.get(r));
                for (int c = 0; c < row.size(); c++) {
                    String value = row.get(c);
                    if (value != null && value.length() > limits.previewMaxValueChars()) {
                        int cut = limits.previewMaxValueChars();
                        if (Character.isHighSurrogate(value.charAt(cut - 1))) {
                            cut--;
                        }
                        row.set(c, value.substring(0, cut) + "…");
                        truncated.add(new RunPreview.Cell(r, c, value.length()));
                    }
                }
                shown.add(row);
            }
            List<String> notes = new ArrayList<>();
            if (columnsTotal > columns.size()) {
                notes.add("the first " + columns.size() + " of " + columnsTotal + " columns are shown");
            }
            if (!truncated.isEmpty()) {
                notes.add(truncated.size() + " values longer than " + limits.previewMaxValueChars()
                        + " characters are cut, ending in …");
            }
            return new RunPreview(
                    id,
                    table,
                    columns.stream()
                            .map(c -> new RunPreview.Column(c.name(), c.type()))
                            .toList(),
                    columnsTotal,
                    shown,
                    truncated,
                    files,
                    notes,
                    rowsInFiles > shown.size());
        }
    }

    @ExceptionHandler
    ProblemDetail badRequest(BadPreview e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "invalid-insight-request", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail noPreview(NoPreview e) {
        return Problems.of(HttpStatus.NOT_FOUND, "preview-unavailable", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail unreadable(UnreadableParquet e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unreadable-parquet", e.getMessage());
    }

    static final class BadPreview extends RuntimeException {
        BadPreview(String message) {
            super(message);
        }
    }

    static final class NoPreview extends RuntimeException {
        NoPreview(String message) {
            super(message);
        }
    }

    static final class UnreadableParquet extends RuntimeException {
        UnreadableParquet(String message) {
            super(message);
        }
    }
}
