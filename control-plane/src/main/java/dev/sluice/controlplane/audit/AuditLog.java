package dev.sluice.controlplane.audit;

import dev.sluice.controlplane.jdbc.PageQuery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_event} table: the changes asked of the API and how they ended. */
@Repository
public class AuditLog {

    private static final String COLUMNS = "id, at, actor, actor_id, method, action, target, path, status, outcome";

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void record(Instant at, Actor actor, String method, AuditActions.Action action, int status) {
        jdbc.sql("""
                        INSERT INTO audit_event (at, actor, actor_id, method, action, target, path, status, outcome)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        Timestamp.from(at),
                        AuditActions.clip(actor.name(), 256),
                        AuditActions.clip(actor.id(), 256),
                        AuditActions.clip(method, 10),
                        action.name(),
                        action.target().map(t -> AuditActions.clip(t, 256)).orElse(null),
                        AuditActions.clip(action.path(), 2048),
                        status,
                        AuditEntry.Outcome.of(status).name())
                .update();
    }

    /** Deletes the entries older than {@code cutoff}; the number deleted. */
    int purgeBefore(Instant cutoff) {
        return jdbc.sql("DELETE FROM audit_event WHERE at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }

    List<AuditEntry> list(AuditQuery query) {
        return PageQuery.select(COLUMNS, "audit_event", query.before())
                .equal("actor", query.actor())
                .equal("actor_id", query.actorId())
                .equal("action", query.action())
                .equal("outcome", query.outcome())
                .between("at", query.since(), query.until())
                .list(jdbc, query.limit(), AuditLog::map);
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("actor"),
                Optional.ofNullable(rs.getString("actor_id")).orElse(rs.getString("actor")),
                rs.getString("method"),
                rs.getString("action"),
                Optional.ofNullable(rs.getString("target")),
                rs.getString("path"),
                rs.getInt("status"),
                AuditEntry.Outcome.valueOf(rs.getString("outcome")));
    }

    /** Who made a call: the stable id that audit queries and four-eyes checks use, and the name people read. */
    record Actor(String id, String name) {}
}
