package dev.sluice.controlplane.api;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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
        StringBuilder sql =
                new StringBuilder("SELECT id, at, actor, method, path, status, outcome FROM audit_event WHERE id < ?");
        List<Object> params = new ArrayList<>(List.of(query.before()));
        query.actor().ifPresent(a -> {
            sql.append(" AND actor = ?");
            params.add(a);
        });
        query.outcome().ifPresent(o -> {
            sql.append(" AND outcome = ?");
            params.add(o.name());
        });
        query.since().ifPresent(t -> {
            sql.append(" AND at >= ?");
            params.add(Timestamp.from(t));
        });
        query.until().ifPresent(t -> {
            sql.append(" AND at < ?");
            params.add(Timestamp.from(t));
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(query.limit());
        return jdbc.sql(sql.toString()).params(params).query(AuditLog::map).list();
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
