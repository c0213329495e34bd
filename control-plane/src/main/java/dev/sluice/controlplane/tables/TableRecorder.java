package dev.sluice.controlplane.tables;

import dev.sluice.batch.storage.ObjectLocation;
import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import dev.sluice.controlplane.runs.Run;
import dev.sluice.controlplane.runs.RunFinished;
import dev.sluice.controlplane.runs.RunQuery;
import dev.sluice.controlplane.runs.RunReports;
import dev.sluice.controlplane.runs.RunService;
import dev.sluice.controlplane.storage.Location;
import dev.sluice.controlplane.storage.ObjectStore;
import dev.sluice.controlplane.tables.TableStore.Written;
import dev.sluice.controlplane.tables.TableView.ColumnChange;
import dev.sluice.controlplane.tables.TableView.Conflict;
import dev.sluice.manifest.RunReport;
import dev.sluice.processor.Column;
import dev.sluice.processor.Schema;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Learns what a finished run did to its table from the run's report: the schema it wrote, the
 * columns the catalog added, the columns written in the table's wider type, or the conflicts that
 * made the table refuse it. Nulls come from the null counts in the footers of the run's Parquet
 * files (only the footer of each is read).
 */
@Component
class TableRecorder {

    private static final Logger log = LoggerFactory.getLogger(TableRecorder.class);

    /** Runs per pipeline a catch-up looks at, newest first. */
    private static final int CATCH_UP = 50;

    private final Pipelines pipelines;
    private final RunService runs;
    private final RunReports reports;
    private final ObjectStore store;
    private final TableStore tables;
    private final Clock clock;
    // One thread: runs are recorded in the order they finished, and the tracker does not wait
    // for footers to be read.
    private final ExecutorService recording = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "table-history");
        t.setDaemon(true);
        return t;
    });

    TableRecorder(
            Pipelines pipelines,
            RunService runs,
            RunReports reports,
            ObjectStore store,
            TableStore tables,
            Clock clock) {
        this.pipelines = pipelines;
        this.runs = runs;
        this.reports = reports;
        this.store = store;
        this.tables = tables;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        recording.shutdownNow();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(RunFinished finished) {
        recording.execute(() -> {
            try {
                record(finished.runId(), finished.pipeline(), finished.status().name());
            } catch (RuntimeException e) {
                log.warn("Run {}: its table history is not recorded: {}", finished.runId(), e.toString());
            }
        });
    }

    /**
     * Records the latest finished runs of each pipeline that are not recorded yet: those whose
     * event this replica never saw (it stopped between storing the outcome and recording it, or
     * another replica finished them and stopped) or whose recording failed. On the recording
     * thread, so never at the same time as an event's.
     */
    @Scheduled(
            fixedDelayString = "${sluice.tables.catch-up-interval:1m}",
            initialDelayString = "${sluice.tables.catch-up-interval:1m}")
    void catchUp() {
        recording.execute(() -> {
            for (Pipeline pipeline : pipelines.all()) {
                try {
                    catchUp(pipeline.name());
                } catch (RuntimeException e) {
                    log.warn("Pipeline {}: its table history could not catch up: {}", pipeline.name(), e.toString());
                }
            }
        });
    }

    void catchUp(String pipeline) {
        List<Run> latest = runs.list(new RunQuery(
                Optional.of(pipeline), Optional.empty(), Optional.empty(), Optional.empty(), Long.MAX_VALUE, CATCH_UP));
        List<Long> finished = latest.stream()
                .filter(r -> r.status().isTerminal())
                .map(Run::id)
                .toList();
        List<Long> missing = tables.unrecorded(finished);
        for (Run run : latest) {
            if (missing.contains(run.id())) {
                record(run.id(), pipeline, run.status().name());
            }
        }
    }

    void record(long runId, String pipelineName, String status) {
        if (tables.outcome(runId).filter("PUBLISHED"::equals).isPresent()) {
            return;
        }
        Optional<Pipeline> pipeline = pipelines.find(pipelineName);
        if (pipeline.isEmpty()) {
            return;
        }
        Optional<RunReport> report = reports.read(pipeline.get().settings(), runId);
        tables.record(
                report.map(r -> recorded(pipeline.get(), r, status))
                        .orElseGet(() -> nothing(runId, pipelineName, status)),
                clock.instant());
    }

    private static TableStore.Recorded nothing(long runId, String pipeline, String status) {
        return new TableStore.Recorded(
                runId, pipeline, status, "NOTHING", false, null, List.of(), List.of(), List.of(), List.of());
    }

    private TableStore.Recorded recorded(Pipeline pipeline, RunReport report, String status) {
        if (!report.conflicts().isEmpty()) {
            List<Conflict> conflicts = report.conflicts().stream()
                    .map(c -> new Conflict(c.column(), c.tableType(), c.batchType()))
                    .toList();
            return new TableStore.Recorded(
                    report.runId(),
                    pipeline.name(),
                    status,
                    "REFUSED",
                    false,
                    report.error().orElse(null),
                    List.of(),
                    List.of(),
                    List.of(),
                    conflicts);
        }
        if (report.catalog().isEmpty() || report.schemaJson().isEmpty()) {
            return nothing(report.runId(), pipeline.name(), status);
        }
        Schema schema = Schema.fromJson(report.schemaJson().get());
        Map<String, Column> byName = new HashMap<>();
        schema.columns().forEach(c -> byName.put(c.name(), c));
        Map<String, Long> nulls = nulls(pipeline, report);
        List<Written> written = schema.columns().stream()
                .map(c -> new Written(
                        c.name(), c.originalName(), c.type().athenaType(), nulls.getOrDefault(c.name(), 0L)))
                .toList();
        RunReport.CatalogChange change = report.catalog().get();
        return new TableStore.Recorded(
                report.runId(),
                pipeline.name(),
                status,
                "PUBLISHED",
                change.tableCreated(),
                null,
                written,
                // a new table's columns are all the run's, whatever the catalog lists as added
                changes(change.tableCreated() ? schema.names() : change.columnsAdded(), byName),
                changes(report.widenedColumns(), byName),
                List.of());
    }

    private static List<ColumnChange> changes(List<String> names, Map<String, Column> byName) {
        return names.stream()
                .filter(byName::containsKey)
                .map(n -> new ColumnChange(
                        n, byName.get(n).originalName(), byName.get(n).type().athenaType()))
                .toList();
    }

    /**
     * The nulls in each column over the run's Parquet files, each counted once (a combined file
     * holds several source files' rows, a file converted as ranges is several files); a file that
     * cannot be read counts none.
     */
    private Map<String, Long> nulls(Pipeline pipeline, RunReport report) {
        var output = pipeline.settings().output();
        // by key, not by text: a file URI may be written file:/ or file:///
        ObjectLocation base = ObjectLocation.parse(store.uri(new Location(output.bucket(), output.prefix())));
        Set<String> files = new LinkedHashSet<>();
        report.files().forEach(f -> files.addAll(f.parquetFiles()));
        Map<String, Long> nulls = new HashMap<>();
        for (String uri : files) {
            try {
                ObjectLocation file = ObjectLocation.parse(uri);
                if (file.scheme() != base.scheme()
                        || !file.bucket().equals(base.bucket())
                        || !file.key().startsWith(base.key())) {
                    throw new IOException("it is not under the pipeline's output " + base.uri());
                }
                String relative = file.key().substring(base.key().length()).replaceFirst("^/", "");
                Location at = new Location(output.bucket(), output.prefix() + relative);
                long size = store.size(at).orElseThrow(() -> new IOException("it is gone"));
                new StoredParquet(store, at, size).nullCounts().forEach((c, n) -> nulls.merge(c, n, Long::sum));
            } catch (IOException | RuntimeException e) {
                log.warn("Run {}: the nulls of {} are not counted: {}", report.runId(), uri, e.toString());
            }
        }
        return nulls;
    }
}
