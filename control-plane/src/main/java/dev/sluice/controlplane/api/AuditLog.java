package dev.sluice.controlplane.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code audit_event} table: every mutating API call, written whatever its outcome. */
@Repository
public class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Instant at, String actor, String method, String path, int status) {
        jdbc.sql("""
                        INSERT INTO audit_event (at, actor, method, path, status, outcome)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                .params(
                        Timestamp.from(at),
                        clip(actor, 256),
                        clip(method, 10),
                        clip(path, 2048),
                        status,
                        AuditEntry.Outcome.of(status).name())
                .update();
    }

    List<AuditEntry> list(AuditQuery query) {
        return PageQuery.select("id, at, actor, method, path, status, outcome", "audit_event", query.before())
                .equal("actor", query.actor())
                .equal("outcome", query.outcome())
                .between("at", query.since(), query.until())
                .list(jdbc, query.limit(), AuditLog::map);
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        return new AuditEntry(
                rs.getLong("id"),
                rs.getTimestamp("at").toInstant(),
                rs.getString("actor"),
                rs.getString("method"),
                rs.getString("path"),
                rs.getInt("status"),
                AuditEntry.Outcome.valueOf(rs.getString("outcome")));
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
