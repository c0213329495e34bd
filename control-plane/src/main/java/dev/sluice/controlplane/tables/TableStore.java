package dev.sluice.controlplane.tables;

import dev.sluice.controlplane.tables.TableView.ColumnChange;
import dev.sluice.controlplane.tables.TableView.Conflict;
import dev.sluice.controlplane.tables.TableView.TableChange;
import dev.sluice.controlplane.tables.TableView.TableColumn;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** The table history's rows: {@code table_run}, {@code table_run_column}, {@code table_column}. */
@Component
class TableStore {

    /** What one finished run did to its pipeline's table, ready to store. */
    record Recorded(
            long runId,
            String pipeline,
            String status,
            String outcome,
            boolean tableCreated,
            String refusal,
            List<Written> written,
            List<ColumnChange> added,
            List<ColumnChange> widened,
            List<Conflict> conflicts) {}

    /** A column the run wrote, with the nulls its files hold in it. */
    record Written(String name, String header, String type, long nulls) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    TableStore(JdbcClient jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** How a run was recorded (PUBLISHED, REFUSED, NOTHING), or empty when it was not. */
    Optional<String> outcome(long runId) {
        return jdbc.sql("SELECT outcome FROM table_run WHERE run_id = ?")
                .param(runId)
                .query(String.class)
                .optional();
    }

    /** Which of these runs are not recorded. */
    List<Long> unrecorded(List<Long> runIds) {
        if (runIds.isEmpty()) {
            return List.of();
        }
        List<Long> recorded = jdbc.sql("SELECT run_id FROM table_run WHERE run_id IN (:ids)")
                .param("ids", runIds)
                .query(Long.class)
                .list();
        return runIds.stream().filter(id -> !recorded.contains(id)).toList();
    }

    /**
     * Stores the run and brings the table's columns up to date, in one transaction. A run that
     * published is recorded once (its nulls are counted once); one that wrote nothing (refused, no
     * rows) is recorded again when a later attempt of it finishes.
     */
    void record(Recorded run, Instant now) {
        transaction.executeWithoutResult(status -> {
            Optional<String> before = outcome(run.runId());
            if (before.filter("PUBLISHED"::equals).isPresent()) {
                return;
            }
            if (before.isPresent()) {
                jdbc.sql("DELETE FROM table_run_column WHERE run_id = ?")
                        .param(run.runId())
                        .update();
                jdbc.sql("DELETE FROM table_run WHERE run_id = ?")
                        .param(run.runId())
                        .update();
            }
            jdbc.sql("""
                            INSERT INTO table_run (run_id, pipeline, status, outcome, table_created, refusal, recorded_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            run.runId(),
                            run.pipeline(),
                            run.status(),
                            run.outcome(),
                            run.tableCreated(),
                            run.refusal(),
                            Timestamp.from(now))
                    .update();
            int position = 0;
            for (ColumnChange c : run.added()) {
                change(run.runId(), "ADDED", position++, c.column(), c.header(), c.type(), null);
            }
            for (ColumnChange c : run.widened()) {
                change(run.runId(), "WIDENED", position++, c.column(), c.header(), c.type(), null);
            }
            for (Conflict c : run.conflicts()) {
                change(run.runId(), "CONFLICT", position++, c.column(), null, c.tableType(), c.batchType());
            }
            for (Written w : run.written()) {
                column(run, w);
            }
        });
    }

    private void change(
            long runId, String kind, int position, String column, String header, String type, String other) {
        jdbc.sql("""
                        INSERT INTO table_run_column (run_id, kind, position, column_name, header, type, other_type)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """).params(runId, kind, position, column, header, type, other).update();
    }

    private void column(Recorded run, Written w) {
        int updated = jdbc.sql(
                        "UPDATE table_column SET nulls = nulls + ?, type = ? WHERE pipeline = ? AND column_name = ?")
                .params(w.nulls(), w.type(), run.pipeline(), w.name())
                .update();
        if (updated == 0) {
            int position = jdbc.sql("SELECT COUNT(*) FROM table_column WHERE pipeline = ?")
                    .param(run.pipeline())
                    .query(Integer.class)
                    .single();
            jdbc.sql("""
                            INSERT INTO table_column (pipeline, column_name, position, type, header, added_by, nulls)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(run.pipeline(), w.name(), position, w.type(), w.header(), run.runId(), w.nulls())
                    .update();
        }
    }

    List<TableColumn> columns(String pipeline) {
        return jdbc.sql("""
                        SELECT column_name, type, header, nulls, added_by FROM table_column
                        WHERE pipeline = ? ORDER BY position
                        """)
                .param(pipeline)
                .query((rs, n) -> new TableColumn(
                        rs.getString("column_name"),
                        rs.getString("type"),
                        rs.getString("header"),
                        rs.getLong("nulls"),
                        rs.getLong("added_by")))
                .list();
    }

    /** Runs that changed the table or were refused, newest first, older than {@code before}. */
    List<TableChange> history(String pipeline, long before, int limit) {
        List<RunRow> runs = jdbc.sql("""
                        SELECT run_id, status, outcome, recorded_at, table_created, refusal FROM table_run
                        WHERE pipeline = ? AND run_id < ?
                          AND (outcome = 'REFUSED' OR table_created
                               OR run_id IN (SELECT run_id FROM table_run_column))
                        ORDER BY run_id DESC LIMIT ?
                        """)
                .params(pipeline, before, limit)
                .query((rs, n) -> new RunRow(
                        rs.getLong("run_id"),
                        rs.getString("status"),
                        rs.getString("outcome"),
                        rs.getTimestamp("recorded_at").toInstant(),
                        rs.getBoolean("table_created"),
                        rs.getString("refusal")))
                .list();
        if (runs.isEmpty()) {
            return List.of();
        }
        Map<Long, List<ColumnRow>> columns = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT c.run_id, c.kind, c.column_name, c.header, c.type, c.other_type
                        FROM table_run_column c JOIN table_run r ON r.run_id = c.run_id
                        WHERE r.pipeline = ? AND c.run_id BETWEEN ? AND ? ORDER BY c.run_id, c.position
                        """)
                .params(pipeline, runs.get(runs.size() - 1).runId(), runs.get(0).runId())
                .query((ResultSet rs) -> {
                    columns.computeIfAbsent(rs.getLong("run_id"), k -> new ArrayList<>())
                            .add(new ColumnRow(
                                    rs.getString("kind"),
                                    rs.getString("column_name"),
                                    rs.getString("header"),
                                    rs.getString("type"),
                                    rs.getString("other_type")));
                });
        return runs.stream()
                .map(r -> r.change(columns.getOrDefault(r.runId(), List.of())))
                .toList();
    }

    /** A row of {@code table_run}. */
    private record RunRow(
            long runId, String status, String outcome, Instant recordedAt, boolean tableCreated, String refusal) {

        TableChange change(List<ColumnRow> columns) {
            List<ColumnChange> added = new ArrayList<>();
            List<ColumnChange> widened = new ArrayList<>();
            List<Conflict> conflicts = new ArrayList<>();
            for (ColumnRow c : columns) {
                switch (c.kind()) {
                    case "ADDED" -> added.add(new ColumnChange(c.column(), c.header(), c.type()));
                    case "WIDENED" -> widened.add(new ColumnChange(c.column(), c.header(), c.type()));
                    default -> conflicts.add(new Conflict(c.column(), c.type(), c.otherType()));
                }
            }
            return new TableChange(
                    runId, status, outcome, recordedAt, tableCreated, added, widened, conflicts, refusal);
        }
    }

    /** A row of {@code table_run_column}. */
    private record ColumnRow(String kind, String column, String header, String type, String otherType) {}
}
