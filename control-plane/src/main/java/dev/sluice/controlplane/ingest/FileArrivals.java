package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.jdbc.PageQuery;
import dev.sluice.controlplane.pipelines.QueuedFiles;
import dev.sluice.controlplane.storage.Location;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The {@code file_arrival} table: one row per object version. */
@Repository
public class FileArrivals implements QueuedFiles {

    private static final String COLUMNS =
            "id, pipeline, bucket, object_key, version_tag, etag, size_bytes, status, run_id, error_message, received_at,"
                    + " version_id, conversion_note, stored_bucket, stored_key";

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;

    FileArrivals(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Inserts the arrival unless this object version is already recorded; its id when inserted. The
     * insert runs under a savepoint so that a duplicate, found by the unique key even when two
     * replicas race, leaves the surrounding transaction usable (PostgreSQL aborts it otherwise).
     */
    OptionalLong insertOnce(String pipeline, FileArrived file, FileStatus status, Instant now) {
        return insertOnce(pipeline, file, status, null, now);
    }

    /** As {@link #insertOnce(String, FileArrived, FileStatus, Instant)}, with why the file is not sent to a job. */
    OptionalLong insertOnce(String pipeline, FileArrived file, FileStatus status, String reason, Instant now) {
        boolean storedElsewhere = !file.storedAt().equals(new Location(file.bucket(), file.key()));
        KeyHolder id = new GeneratedKeyHolder();
        try {
            savepoint.executeWithoutResult(tx -> jdbc.sql("""
                            INSERT INTO file_arrival
                                (pipeline, bucket, object_key, version_tag, etag, size_bytes, status, error_message,
                                 received_at, version_id, stored_bucket, stored_key)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """)
                    .params(
                            pipeline,
                            file.bucket(),
                            file.key(),
                            file.versionTag(),
                            file.etag(),
                            file.size(),
                            status.name(),
                            reason,
                            Timestamp.from(now),
                            file.versionId().isEmpty() ? null : file.versionId(),
                            storedElsewhere ? file.storedAt().bucket() : null,
                            storedElsewhere ? file.storedAt().key() : null)
                    .update(id, "id"));
            return OptionalLong.of(id.getKeyAs(Number.class).longValue());
        } catch (DuplicateKeyException duplicate) {
            if (storedElsewhere) {
                keepStoredAt(file);
            }
            return OptionalLong.empty();
        }
    }

    /**
     * An arrival recorded before arrivals had places of their own is read at its key; the file is
     * about to move to its place, so the record follows it there.
     */
    private void keepStoredAt(FileArrived file) {
        jdbc.sql("""
                        UPDATE file_arrival SET stored_bucket = ?, stored_key = ?
                        WHERE bucket = ? AND object_key = ? AND version_tag = ? AND stored_bucket IS NULL
                        """)
                .params(file.storedAt().bucket(), file.storedAt().key(), file.bucket(), file.key(), file.versionTag())
                .update();
    }

    /**
     * Of the given keys of a bucket, those recorded with the given ETag, as {@code key + '\n' + etag}:
     * one query for a page of a listing.
     */
    Set<String> recordedEtags(String bucket, Collection<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(
                jdbc.sql("SELECT object_key, etag FROM file_arrival WHERE bucket = :bucket AND object_key IN (:keys)")
                        .param("bucket", bucket)
                        .param("keys", keys)
                        .query((rs, n) -> rs.getString("object_key") + "\n" + rs.getString("etag"))
                        .list());
    }

    /** The oldest pending files of a pipeline, at most {@code limit}. */
    public List<RecordedFile> pending(String pipeline, int limit) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM file_arrival WHERE pipeline = ? AND status = 'PENDING' ORDER BY id LIMIT ?")
                .params(pipeline, limit)
                .query(FileArrivals::map)
                .list();
    }

    /** How many files of a pipeline wait for a run. */
    @Override
    public long queuedFiles(String pipeline) {
        return jdbc.sql("SELECT COUNT(*) FROM file_arrival WHERE pipeline = ? AND status = 'PENDING'")
                .param(pipeline)
                .query(Long.class)
                .single();
    }

    /** The newest record of an object, by the bucket and key it arrived at. */
    public Optional<RecordedFile> latest(String bucket, String key) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM file_arrival WHERE bucket = ? AND object_key = ? ORDER BY id DESC LIMIT 1")
                .params(bucket, key)
                .query(FileArrivals::map)
                .optional();
    }

    /** When each pipeline's oldest pending file arrived; pipelines with none pending are absent. */
    Map<String, Instant> oldestPending() {
        Map<String, Instant> oldest = new HashMap<>();
        jdbc.sql(
                        "SELECT pipeline, MIN(received_at) AS oldest FROM file_arrival WHERE status = 'PENDING' GROUP BY pipeline")
                .query(rs -> {
                    oldest.put(
                            rs.getString("pipeline"), rs.getTimestamp("oldest").toInstant());
                });
        return oldest;
    }

    /** Moves pending files into a run; returns how many were still pending. */
    public int assign(Collection<Long> fileIds, long runId) {
        int assigned = 0;
        for (long id : fileIds) {
            assigned += jdbc.sql(
                            "UPDATE file_arrival SET status = 'BATCHED', run_id = ? WHERE id = ? AND status = 'PENDING'")
                    .params(runId, id)
                    .update();
        }
        return assigned;
    }

    /** The pipeline's files of the given ids, by id; ids not recorded for the pipeline are absent. */
    public List<RecordedFile> ofPipeline(String pipeline, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM file_arrival WHERE pipeline = :pipeline AND id IN (:ids) ORDER BY id")
                .param("pipeline", pipeline)
                .param("ids", ids)
                .query(FileArrivals::map)
                .list();
    }

    /** The pipeline's files whose key starts with {@code prefix}, oldest first, at most {@code limit}. */
    public List<RecordedFile> withKeyPrefix(String pipeline, String prefix, int limit) {
        String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM file_arrival WHERE pipeline = ? AND object_key LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?")
                .params(pipeline, escaped + "%", limit)
                .query(FileArrivals::map)
                .list();
    }

    /** The pipeline's files received in {@code [from, to)}, oldest first, at most {@code limit}. */
    public List<RecordedFile> receivedBetween(String pipeline, Instant from, Instant to, int limit) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM file_arrival WHERE pipeline = ? AND received_at >= ? AND received_at < ?"
                        + " ORDER BY id LIMIT ?")
                .params(pipeline, Timestamp.from(from), Timestamp.from(to), limit)
                .query(FileArrivals::map)
                .list();
    }

    /**
     * Moves finished files (processed, failed or quarantined) into a new run to be converted again; returns
     * how many moved. A file that meanwhile went into another run stays where it is.
     */
    public int reassign(Collection<Long> fileIds, long runId) {
        int moved = 0;
        for (long id : fileIds) {
            moved += jdbc.sql("""
                            UPDATE file_arrival SET status = 'BATCHED', run_id = ?, error_message = NULL, conversion_note = NULL
                            WHERE id = ? AND status IN ('PROCESSED', 'FAILED', 'QUARANTINED')
                            """).params(runId, id).update();
        }
        return moved;
    }

    public void markRun(long runId, FileStatus status) {
        jdbc.sql("UPDATE file_arrival SET status = ? WHERE run_id = ?")
                .params(status.name(), runId)
                .update();
    }

    /** A file of a successful run that the job could not convert as a whole. */
    public void markFailed(long fileId, String reason) {
        mark(fileId, FileStatus.FAILED, reason);
    }

    /** A file of a successful run that the job set aside, its schema conflicting with the table's. */
    public void markQuarantined(long fileId, String reason) {
        mark(fileId, FileStatus.QUARANTINED, reason);
    }

    /** What the run's report says of how the file was converted (see {@link RecordedFile}). */
    public void noteConversion(long fileId, String note) {
        jdbc.sql("UPDATE file_arrival SET conversion_note = ? WHERE id = ?")
                .params(note.length() > 1000 ? note.substring(0, 1000) : note, fileId)
                .update();
    }

    private void mark(long fileId, FileStatus status, String reason) {
        jdbc.sql("UPDATE file_arrival SET status = ?, error_message = ? WHERE id = ?")
                .params(status.name(), reason.length() > 4000 ? reason.substring(0, 4000) : reason, fileId)
                .update();
    }

    public List<RecordedFile> ofRun(long runId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM file_arrival WHERE run_id = ? ORDER BY id")
                .param(runId)
                .query(FileArrivals::map)
                .list();
    }

    public List<RecordedFile> recent(int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM file_arrival ORDER BY id DESC LIMIT ?")
                .param(limit)
                .query(FileArrivals::map)
                .list();
    }

    /** A page of arrivals, newest first, for the API. */
    public List<RecordedFile> list(FileQuery query) {
        return PageQuery.select(COLUMNS, "file_arrival", query.before())
                .equal("pipeline", query.pipeline())
                .equal("status", query.status())
                .between("received_at", query.since(), query.until())
                .list(jdbc, query.limit(), FileArrivals::map);
    }

    private static RecordedFile map(ResultSet rs, int row) throws SQLException {
        long runId = rs.getLong("run_id");
        Long run = rs.wasNull() ? null : runId;
        return new RecordedFile(
                rs.getLong("id"),
                rs.getString("pipeline"),
                rs.getString("bucket"),
                rs.getString("object_key"),
                rs.getString("version_tag"),
                rs.getString("etag"),
                rs.getLong("size_bytes"),
                FileStatus.valueOf(rs.getString("status")),
                run,
                rs.getString("error_message"),
                rs.getTimestamp("received_at").toInstant(),
                Objects.requireNonNullElse(rs.getString("version_id"), ""),
                rs.getString("conversion_note"),
                storedAt(rs));
    }

    private static Location storedAt(ResultSet rs) throws SQLException {
        String bucket = rs.getString("stored_bucket");
        return bucket == null
                ? new Location(rs.getString("bucket"), rs.getString("object_key"))
                : new Location(bucket, rs.getString("stored_key"));
    }
}
