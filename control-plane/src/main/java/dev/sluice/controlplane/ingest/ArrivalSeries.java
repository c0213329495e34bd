package dev.sluice.controlplane.ingest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The files received in a window, reduced to what charts of a pipeline's intake need: one range query. */
@Repository
public class ArrivalSeries {

    /** One received file; {@code runId} is null while it waits for a batch. */
    public record Point(String pipeline, Instant receivedAt, Long runId) {}

    private final JdbcClient jdbc;

    ArrivalSeries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Files received in {@code [from, to)}, of one pipeline or (null) of all. */
    public List<Point> receivedBetween(String pipeline, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT pipeline, received_at, run_id FROM file_arrival
                        WHERE received_at >= :from AND received_at < :to AND (CAST(:pipeline AS VARCHAR(100)) IS NULL OR pipeline = :pipeline)
                        """)
                .param("from", Timestamp.from(from))
                .param("to", Timestamp.from(to))
                .param("pipeline", pipeline)
                .query((rs, n) -> new Point(
                        rs.getString("pipeline"),
                        rs.getTimestamp("received_at").toInstant(),
                        rs.getObject("run_id", Long.class)))
                .list();
    }
}
