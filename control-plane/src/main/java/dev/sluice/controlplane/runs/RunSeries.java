package dev.sluice.controlplane.runs;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The runs created in a window, reduced to what charts of a pipeline's history need. One indexed
 * range query ({@code ix_run_pipeline}) however many buckets the caller draws.
 */
@Repository
public class RunSeries {

    /**
     * One run as a chart sees it.
     *
     * @param finishedAt null while the run is not over
     * @param rowsWritten null until the job reported
     * @param dpuSeconds null in embedded mode and until Glue reported
     */
    public record Point(
            long id,
            String pipeline,
            String status,
            Instant createdAt,
            Instant finishedAt,
            Long rowsWritten,
            Long rowsRejected,
            Double dpuSeconds) {}

    private final JdbcClient jdbc;

    RunSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs created in {@code [from, to)}, of one pipeline or (null) of all, oldest first. */
    public List<Point> createdBetween(String pipeline, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT id, pipeline, status, created_at, finished_at, rows_written, rows_rejected, dpu_seconds
                        FROM run
                        WHERE created_at >= :from AND created_at < :to AND (CAST(:pipeline AS VARCHAR(100)) IS NULL OR pipeline = :pipeline)
                        ORDER BY created_at
                        """)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("pipeline", pipeline)
                .query((rs, n) -> new Point(
                        rs.getLong("id"),
                        rs.getString("pipeline"),
                        rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("finished_at")),
                        rs.getObject("rows_written", Long.class),
                        rs.getObject("rows_rejected", Long.class),
                        rs.getObject("dpu_seconds", Double.class)))
                .list();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
