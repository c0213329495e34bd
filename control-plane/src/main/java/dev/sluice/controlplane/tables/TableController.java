package dev.sluice.controlplane.tables;

import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.executor.IcebergTables;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.tables.TableView.IcebergSnapshot;
import dev.sluice.controlplane.tables.TableView.TableColumn;
import dev.sluice.manifest.TableOutput;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/insights/pipelines/{name}/table}: the table's columns and the history of its
 * changes. A Parquet table's come from the runs' reports; an Iceberg table's columns and snapshots
 * from its metadata, through the catalog its runs commit to.
 */
@RestController
class TableController {

    static final int MAX_LIMIT = 500;
    static final String NULLS_FROM = "the null counts in the footers of the Parquet files runs wrote, summed";

    static final String REPORTS = "reports";
    static final String ICEBERG = "iceberg";
    static final String NO_CATALOG =
            "this control plane reads no Iceberg catalog; columns and history are from the runs' reports";

    private final Pipelines pipelines;
    private final TableStore tables;
    private final ObjectProvider<IcebergTables> iceberg;
    private final int maxSnapshots;

    TableController(
            Pipelines pipelines,
            TableStore tables,
            ObjectProvider<IcebergTables> iceberg,
            TablesProperties properties) {
        this.pipelines = pipelines;
        this.tables = tables;
        this.iceberg = iceberg;
        this.maxSnapshots = properties.icebergSnapshots();
    }

    @GetMapping("/api/v1/insights/pipelines/{name}/table")
    @Operation(
            summary = "A pipeline's table: its columns (type, header, nulls seen) and the runs that added or widened"
                    + " columns or that it refused, newest first; for an Iceberg table also its field ids and its"
                    + " snapshots (run, files and rows added and deleted, columns added or widened), newest first,"
                    + " read from the table's metadata")
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
        String table = pipeline.settings().job().database() + "."
                + pipeline.settings().job().table();
        List<TableColumn> recorded = tables.columns(name);
        if (pipeline.settings().output().format() != TableOutput.Format.ICEBERG) {
            return new TableView(name, table, recorded, history, NULLS_FROM, next, REPORTS, List.of(), false, null);
        }
        IcebergTables catalog = iceberg.getIfAvailable();
        if (catalog == null) {
            return new TableView(
                    name, table, recorded, history, NULLS_FROM, next, REPORTS, List.of(), false, NO_CATALOG);
        }
        Optional<Table> loaded;
        try {
            loaded = catalog.table(pipeline);
        } catch (RuntimeException e) {
            // the catalog or the metadata file unreachable: the runs' reports still answer
            return new TableView(
                    name,
                    table,
                    recorded,
                    history,
                    NULLS_FROM,
                    next,
                    REPORTS,
                    List.of(),
                    false,
                    "the Iceberg table " + table + " could not be read through its catalog (" + e.getMessage()
                            + "); columns and history are from the runs' reports");
        }
        if (loaded.isEmpty()) {
            return new TableView(name, table, List.of(), history, NULLS_FROM, next, ICEBERG, List.of(), false, null);
        }
        List<IcebergSnapshot> all = IcebergHistory.snapshots(loaded.get());
        int shown = Math.min(limit, maxSnapshots);
        return new TableView(
                name,
                table,
                IcebergHistory.columns(loaded.get(), recorded, all),
                history,
                NULLS_FROM,
                next,
                ICEBERG,
                all.size() > shown ? all.subList(0, shown) : all,
                all.size() > shown,
                null);
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
