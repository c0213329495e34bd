package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.PipelineStatus;
import dev.sluice.controlplane.pipelines.RunActivity;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A pipeline's run activity, for its status, from the run tables; a handful of indexed queries per pipeline. */
@Repository
class RunActivityQueries implements RunActivity {

    private final JdbcClient jdbc;
    private final GluePricing pricing;

    RunActivityQueries(JdbcClient jdbc, GluePricing pricing) {
        this.jdbc = jdbc;
        this.pricing = pricing;
    }

    @Override
    public Summary since(String pipeline, Instant since) {
        Timestamp from = Timestamp.from(since);
        return new Summary(
                latest(pipeline),
                count(
                        "SELECT COUNT(*) FROM run WHERE pipeline = ? AND status IN ('QUEUED', 'STARTING', 'RUNNING')",
                        pipeline),
                count("SELECT COUNT(*) FROM run WHERE pipeline = ? AND created_at >= ?", pipeline, from),
                count("""
                        SELECT COUNT(*) FROM run_attempt a JOIN run r ON r.id = a.run_id
                        WHERE r.pipeline = ? AND a.status IN ('FAILED', 'TIMEOUT', 'STOPPED') AND a.finished_at >= ?
                        """, pipeline, from),
                count("""
                        SELECT COALESCE(SUM(rows_written), 0) FROM run
                        WHERE pipeline = ? AND status IN ('SUCCEEDED', 'PARTIALLY_SUCCEEDED') AND finished_at >= ?
                        """, pipeline, from),
                glueCost(pipeline, from),
                lastError(pipeline));
    }

    private Optional<PipelineStatus.GlueCost> glueCost(String pipeline, Timestamp from) {
        Optional<Double> dpuSeconds =
                jdbc.sql("""
                        SELECT SUM(dpu_seconds) FROM run
                        WHERE pipeline = ? AND finished_at >= ? AND dpu_seconds IS NOT NULL
                        """).params(pipeline, from).query(Double.class).optional();
        return pricing.cost(dpuSeconds.orElse(null))
                .map(c -> new PipelineStatus.GlueCost(c.dpuSeconds(), c.amount(), c.currency()));
    }

    private Optional<PipelineStatus.LastRun> latest(String pipeline) {
        return jdbc.sql("""
                        SELECT id, status, created_at, finished_at FROM run
                        WHERE pipeline = ? ORDER BY id DESC LIMIT 1
                        """)
                .param(pipeline)
                .query((rs, n) -> new PipelineStatus.LastRun(
                        rs.getLong("id"),
                        rs.getString("status"),
                        rs.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(rs.getTimestamp("finished_at")).map(Timestamp::toInstant)))
                .optional();
    }

    private Optional<PipelineStatus.LastError> lastError(String pipeline) {
        return jdbc.sql("""
                        SELECT a.run_id, a.attempt, a.error_message, COALESCE(a.finished_at, a.started_at) AS at
                        FROM run_attempt a JOIN run r ON r.id = a.run_id
                        WHERE r.pipeline = ? AND a.error_message IS NOT NULL
                        ORDER BY at DESC, a.run_id DESC, a.attempt DESC LIMIT 1
                        """)
                .param(pipeline)
                .query((rs, n) -> new PipelineStatus.LastError(
                        rs.getLong("run_id"),
                        rs.getInt("attempt"),
                        rs.getString("error_message"),
                        rs.getTimestamp("at").toInstant()))
                .optional();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }
}
