package dev.sluice.controlplane.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Finds received files by a fragment of their key, across pipelines, newest first. */
@Repository
public class FileSearch {

    /**
     * A file that matched, with its place among its run's files ({@code indexInRun}, in the order
     * the run's manifest lists them; null while the file waits for a batch).
     */
    public record Match(
            long id,
            String pipeline,
            String bucket,
            String key,
            long size,
            String status,
            Long runId,
            Integer indexInRun,
            String errorMessage,
            Instant receivedAt) {}

    private final JdbcClient jdbc;

    FileSearch(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Files whose key contains {@code fragment}, ignoring case; {@code %} and {@code _} match themselves. */
    public List<Match> byKeyFragment(String fragment, int limit) {
        String pattern = "%"
                + fragment.toLowerCase(Locale.ROOT)
                        .replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_")
                + "%";
        return jdbc.sql("""
                        SELECT f.id, f.pipeline, f.bucket, f.object_key, f.size_bytes, f.status, f.run_id, f.error_message,
                               f.received_at,
                               (SELECT COUNT(*) FROM file_arrival o WHERE o.run_id = f.run_id AND o.id < f.id) AS index_in_run
                        FROM file_arrival f
                        WHERE LOWER(f.object_key) LIKE ? ESCAPE '\\'
                        ORDER BY f.id DESC LIMIT ?
                        """)
                .params(pattern, limit)
                .query((rs, n) -> {
                    Long runId = rs.getObject("run_id", Long.class);
                    return new Match(
                            rs.getLong("id"),
                            rs.getString("pipeline"),
                            rs.getString("bucket"),
                            rs.getString("object_key"),
                            rs.getLong("size_bytes"),
                            rs.getString("status"),
                            runId,
                            runId == null ? null : rs.getInt("index_in_run"),
                            rs.getString("error_message"),
                            rs.getTimestamp("received_at").toInstant());
                })
                .list();
    }
}
