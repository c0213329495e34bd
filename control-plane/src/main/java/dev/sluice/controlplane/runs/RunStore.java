package dev.sluice.controlplane.runs;

import static dev.sluice.controlplane.jdbc.Columns.truncate;

import dev.sluice.controlplane.jdbc.PageQuery;
import dev.sluice.manifest.RunReport;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code run}, {@code run_attempt} and {@code run_transition} tables. Every change is a
 * conditional update on the status and attempt the caller saw, so two replicas can never both
 * move a run: the second one's update matches no row and it backs off.
 */
@Repository
class RunStore {

    private static final String COLUMNS = """
            id, pipeline, status, attempt, max_attempts, job_name, job_run_id, manifest_uri, error_message,
            file_count, total_bytes, rows_read, rows_written, rows_rejected, execution_seconds, dpu_seconds,
            next_attempt_at, created_at, updated_at, finished_at, reprocess_of""";

    private final JdbcClient jdbc;

    RunStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Run create(String pipeline, String jobName, int maxAttempts, int fileCount, long totalBytes, Instant now) {
        return create(pipeline, jobName, maxAttempts, fileCount, totalBytes, null, now);
    }

    /** A new queued run; {@code reprocessOf} names the selection of a reprocess, null for a batch. */
    Run create(
            String pipeline,
            String jobName,
            int maxAttempts,
            int fileCount,
            long totalBytes,
            String reprocessOf,
            Instant now) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO run (pipeline, status, attempt, max_attempts, job_name, file_count, total_bytes,
                                         next_attempt_at, created_at, updated_at, reprocess_of)
                        VALUES (?, 'QUEUED', 1, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        pipeline,
                        maxAttempts,
                        jobName,
                        fileCount,
                        totalBytes,
                        ts(now),
                        ts(now),
                        ts(now),
                        truncate(reprocessOf))
                .update(key, "id");
        long id = key.getKey().longValue();
        String detail = reprocessOf == null
                ? "batch of " + fileCount + " files"
                : "reprocess of " + fileCount + " files (" + reprocessOf + ")";
        recordTransition(id, null, RunStatus.QUEUED, 1, detail, now);
        recordAttemptStart(id, 1, now);
        return find(id).orElseThrow();
    }

    /**
     * Records that {@code runId} converts {@code fileId} again, replacing what {@code superseded}
     * wrote of it in its {@code ingest_date} partition.
     */
    void supersede(long runId, long fileId, String key, Run superseded) {
        jdbc.sql("""
                        INSERT INTO run_supersedes (run_id, file_id, object_key, superseded_run_id, superseded_ingest_date)
                        VALUES (?, ?, ?, ?, ?)
                        """)
                .params(runId, fileId, key, superseded.id(), ingestDate(superseded))
                .update();
    }

    /** The partition a run's output goes to: the day it was created, UTC (as the manifest says). */
    static String ingestDate(Run run) {
        return run.createdAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Records the Iceberg snapshot that holds the run's rows (again: the same or a later report's). */
    void recordSnapshot(long runId, RunReport.TableSnapshot s) {
        Object[] values = {
            s.snapshotId(),
            s.attempt(),
            s.addedFiles(),
            s.deletedFiles(),
            s.addedRows(),
            s.deletedRows(),
            s.addedDeleteFiles(),
            s.equalityDeleteKeys(),
            s.commitMillis(),
            runId
        };
        int updated = jdbc.sql("""
                        UPDATE run_snapshot SET snapshot_id = ?, attempt = ?, added_files = ?, deleted_files = ?,
                        added_rows = ?, deleted_rows = ?, added_delete_files = ?, equality_delete_keys = ?,
                        commit_millis = ? WHERE run_id = ?
                        """).params(values).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO run_snapshot (snapshot_id, attempt, added_files, deleted_files, added_rows,
                            deleted_rows, added_delete_files, equality_delete_keys, commit_millis, run_id)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """).params(values).update();
        }
    }

    /** The Iceberg snapshot of a run whose table is in that format, once it succeeded. */
    Optional<RunReport.TableSnapshot> snapshot(long runId) {
        return jdbc.sql("""
                        SELECT snapshot_id, attempt, added_files, deleted_files, added_rows, deleted_rows,
                        added_delete_files, equality_delete_keys, commit_millis FROM run_snapshot WHERE run_id = ?
                        """)
                .param(runId)
                .query((rs, n) -> new RunReport.TableSnapshot(
                        rs.getLong("snapshot_id"),
                        rs.getInt("attempt"),
                        rs.getLong("added_files"),
                        rs.getLong("deleted_files"),
                        rs.getLong("added_rows"),
                        rs.getLong("deleted_rows"),
                        rs.getLong("added_delete_files"),
                        rs.getLong("equality_delete_keys"),
                        rs.getLong("commit_millis")))
                .optional();
    }

    /** What the run's output replaces: per source file, the earlier run whose output of it goes. */
    List<Supersession> supersedes(long runId) {
        return jdbc.sql("""
                        SELECT file_id, object_key, superseded_run_id, superseded_ingest_date FROM run_supersedes
                        WHERE run_id = ? ORDER BY file_id
                        """)
                .param(runId)
                .query((rs, n) -> new Supersession(
                        rs.getLong("file_id"),
                        rs.getString("object_key"),
                        rs.getLong("superseded_run_id"),
                        rs.getString("superseded_ingest_date")))
                .list();
    }

    Optional<Run> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM run WHERE id = ?")
                .param(id)
                .query(RunStore::map)
                .optional();
    }

    Optional<Run> findByJobRunId(String jobRunId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM run WHERE job_run_id = ?")
                .param(jobRunId)
                .query(RunStore::map)
                .optional();
    }

    /**
     * Writes {@code after} if the run is still as {@code before} left it; false when another replica
     * moved it first. The caller's transaction keeps the run row and its transition row together.
     */
    boolean save(Run before, Run after, String detail, Instant now) {
        if (before.status() != after.status() && !before.status().canMoveTo(after.status())) {
            throw new IllegalTransitionException(before.id(), before.status(), after.status());
        }
        int updated = jdbc.sql("""
                        UPDATE run SET status = ?, attempt = ?, max_attempts = ?, job_run_id = ?, manifest_uri = ?, error_message = ?,
                            rows_read = ?, rows_written = ?, rows_rejected = ?, execution_seconds = ?, dpu_seconds = ?,
                            next_attempt_at = ?, updated_at = ?, finished_at = ?, lease_owner = NULL, lease_until = NULL
                        WHERE id = ? AND status = ? AND attempt = ?
                        """)
                .params(
                        after.status().name(),
                        after.attempt(),
                        after.maxAttempts(),
                        after.jobRunId(),
                        after.manifestUri(),
                        truncate(after.errorMessage()),
                        after.rows().read(),
                        after.rows().written(),
                        after.rows().rejected(),
                        after.usage().executionSeconds(),
                        after.usage().dpuSeconds(),
                        ts(after.nextAttemptAt()),
                        ts(now),
                        ts(after.finishedAt()),
                        before.id(),
                        before.status().name(),
                        before.attempt())
                .update();
        if (updated == 0) {
            return false;
        }
        if (before.status() != after.status() || before.attempt() != after.attempt()) {
            recordTransition(after.id(), before.status(), after.status(), after.attempt(), detail, now);
            updateAttempt(before, after, now);
        }
        return true;
    }

    /** QUEUED runs due to start, locked for this transaction; rows locked by another replica are skipped. */
    List<Run> lockDue(String pipeline, Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM run WHERE pipeline = ? AND status = 'QUEUED' AND next_attempt_at <= ?"
                        + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
                .params(pipeline, ts(now), limit)
                .query(RunStore::map)
                .list();
    }

    int countActive(String pipeline) {
        return jdbc.sql("SELECT COUNT(*) FROM run WHERE pipeline = ? AND status IN ('STARTING', 'RUNNING')")
                .param(pipeline)
                .query(Integer.class)
                .single();
    }

    /**
     * Leases active runs whose lease has lapsed to {@code owner}, so that one replica at a time
     * follows a given run; returns the runs it now holds.
     */
    List<Run> leaseActive(String owner, Instant now, Duration lease, int limit) {
        List<Long> candidates =
                jdbc.sql("""
                        SELECT id FROM run WHERE status IN ('STARTING', 'RUNNING')
                        AND (lease_until IS NULL OR lease_until < ?) ORDER BY updated_at LIMIT ?
                        """).params(ts(now), limit).query(Long.class).list();
        return candidates.stream()
                .filter(id -> jdbc.sql("""
                                        UPDATE run SET lease_owner = ?, lease_until = ?
                                        WHERE id = ? AND (lease_until IS NULL OR lease_until < ?)
                                        """)
                                .params(owner, ts(now.plus(lease)), id, ts(now))
                                .update()
                        == 1)
                .map(id -> find(id).orElseThrow())
                .toList();
    }

    List<Run> list(RunQuery query) {
        return PageQuery.select(COLUMNS, "run", query.before())
                .equal("pipeline", query.pipeline())
                .equal("status", query.status())
                .between("created_at", query.since(), query.until())
                .list(jdbc, query.limit(), RunStore::map);
    }

    List<RunAttempt> attempts(long runId) {
        return jdbc.sql("""
                        SELECT attempt, job_run_id, status, error_message, started_at, finished_at, requested_by
                        FROM run_attempt WHERE run_id = ? ORDER BY attempt
                        """)
                .param(runId)
                .query((rs, n) -> new RunAttempt(
                        rs.getInt("attempt"),
                        rs.getString("job_run_id"),
                        RunStatus.valueOf(rs.getString("status")),
                        rs.getString("error_message"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        Optional.ofNullable(rs.getString("requested_by"))))
                .list();
    }

    /** Names who asked for an attempt by hand; in the caller's transaction, with the attempt's start. */
    void recordRequester(long runId, int attempt, String requestedBy) {
        jdbc.sql("UPDATE run_attempt SET requested_by = ? WHERE run_id = ? AND attempt = ?")
                .params(requestedBy.length() <= 256 ? requestedBy : requestedBy.substring(0, 256), runId, attempt)
                .update();
    }

    List<RunTransition> transitions(long runId) {
        return jdbc.sql(
                        "SELECT from_status, to_status, attempt, detail, at FROM run_transition WHERE run_id = ? ORDER BY id")
                .param(runId)
                .query((rs, n) -> new RunTransition(
                        rs.getString("from_status") == null ? null : RunStatus.valueOf(rs.getString("from_status")),
                        RunStatus.valueOf(rs.getString("to_status")),
                        rs.getInt("attempt"),
                        rs.getString("detail"),
                        instant(rs, "at")))
                .list();
    }

    /** The reprocess runs that took files of {@code runId} to convert them again, per file. */
    List<Supersession> supersededBy(long runId) {
        return jdbc.sql("""
                        SELECT run_id, file_id, object_key, superseded_ingest_date FROM run_supersedes
                        WHERE superseded_run_id = ? ORDER BY file_id, run_id
                        """)
                .param(runId)
                .query((rs, n) -> new Supersession(
                        rs.getLong("file_id"),
                        rs.getString("object_key"),
                        rs.getLong("run_id"),
                        rs.getString("superseded_ingest_date")))
                .list();
    }

    private void updateAttempt(Run before, Run after, Instant now) {
        if (after.attempt() != before.attempt()) {
            recordAttemptStart(after.id(), after.attempt(), now);
            return;
        }
        jdbc.sql("""
                        UPDATE run_attempt SET status = ?, job_run_id = ?, error_message = ?, finished_at = ?
                        WHERE run_id = ? AND attempt = ?
                        """)
                .params(
                        after.status().name(),
                        after.jobRunId(),
                        truncate(after.errorMessage()),
                        ts(after.finishedAt()),
                        after.id(),
                        after.attempt())
                .update();
    }

    private void recordAttemptStart(long runId, int attempt, Instant now) {
        jdbc.sql("INSERT INTO run_attempt (run_id, attempt, status, started_at) VALUES (?, ?, 'QUEUED', ?)")
                .params(runId, attempt, ts(now))
                .update();
    }

    private void recordTransition(long runId, RunStatus from, RunStatus to, int attempt, String detail, Instant now) {
        jdbc.sql("""
                        INSERT INTO run_transition (run_id, from_status, to_status, attempt, detail, at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                .params(runId, from == null ? null : from.name(), to.name(), attempt, truncate(detail), ts(now))
                .update();
    }

    private static Run map(ResultSet rs, int row) throws SQLException {
        return new Run(
                rs.getLong("id"),
                rs.getString("pipeline"),
                RunStatus.valueOf(rs.getString("status")),
                rs.getInt("attempt"),
                rs.getInt("max_attempts"),
                rs.getString("job_name"),
                rs.getString("job_run_id"),
                rs.getString("manifest_uri"),
                rs.getString("error_message"),
                rs.getInt("file_count"),
                rs.getLong("total_bytes"),
                new Run.RowCounts(
                        rs.getObject("rows_read", Long.class),
                        rs.getObject("rows_written", Long.class),
                        rs.getObject("rows_rejected", Long.class)),
                new Run.JobUsage(
                        rs.getObject("execution_seconds", Integer.class), rs.getObject("dpu_seconds", Double.class)),
                instant(rs, "next_attempt_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                rs.getString("reprocess_of"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
