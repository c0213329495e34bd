package dev.sluice.controlplane.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code reconcile_state} table: a row per pipeline, leased by the replica sweeping it. */
@Repository
class ReconcileStates {

    private final JdbcClient jdbc;

    ReconcileStates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ReconcileState> find(String pipeline) {
        return jdbc.sql("""
                        SELECT pipeline, continuation_token, pass_found, last_pass_found, passes_finding, last_pass_at
                        FROM reconcile_state WHERE pipeline = :pipeline
                        """)
                .param("pipeline", pipeline)
                .query(ReconcileStates::map)
                .optional();
    }

    /** The pipeline's state, leased to {@code owner} until {@code now + lease}; empty when another replica holds it. */
    Optional<ReconcileState> lease(String pipeline, String owner, Instant now, Duration lease) {
        createRow(pipeline);
        int leased = jdbc.sql("""
                        UPDATE reconcile_state SET lease_owner = :owner, lease_until = :until
                        WHERE pipeline = :pipeline AND (lease_until IS NULL OR lease_until < :now)
                        """)
                .param("owner", owner)
                .param("until", Timestamp.from(now.plus(lease)))
                .param("pipeline", pipeline)
                .param("now", Timestamp.from(now))
                .update();
        return leased == 1 ? find(pipeline) : Optional.empty();
    }

    /** Saves the state and gives up the lease, only if {@code owner} still holds it. */
    void saveAndRelease(ReconcileState state, String owner) {
        jdbc.sql("""
                        UPDATE reconcile_state SET continuation_token = :token, pass_found = :passFound,
                            last_pass_found = :lastPassFound, passes_finding = :passesFinding, last_pass_at = :lastPassAt,
                            lease_owner = NULL, lease_until = NULL
                        WHERE pipeline = :pipeline AND lease_owner = :owner
                        """)
                .param("token", state.token().orElse(null))
                .param("passFound", state.passFound())
                .param("lastPassFound", state.lastPassFound().orElse(null))
                .param("passesFinding", state.passesFinding())
                .param("lastPassAt", state.lastPassAt().map(Timestamp::from).orElse(null))
                .param("pipeline", state.pipeline())
                .param("owner", owner)
                .update();
    }

    private void createRow(String pipeline) {
        try {
            jdbc.sql("""
                            INSERT INTO reconcile_state (pipeline, pass_found, passes_finding)
                            SELECT :pipeline, 0, 0 WHERE NOT EXISTS (SELECT 1 FROM reconcile_state WHERE pipeline = :pipeline)
                            """).param("pipeline", pipeline).update();
        } catch (DuplicateKeyException anotherReplicaWasFaster) {
            // the row exists, which is all this needs
        }
    }

    private static ReconcileState map(ResultSet rs, int row) throws SQLException {
        int lastFound = rs.getInt("last_pass_found");
        Optional<Integer> lastPassFound = rs.wasNull() ? Optional.empty() : Optional.of(lastFound);
        return new ReconcileState(
                rs.getString("pipeline"),
                Optional.ofNullable(rs.getString("continuation_token")),
                rs.getInt("pass_found"),
                lastPassFound,
                rs.getInt("passes_finding"),
                Optional.ofNullable(rs.getTimestamp("last_pass_at")).map(Timestamp::toInstant));
    }
}
