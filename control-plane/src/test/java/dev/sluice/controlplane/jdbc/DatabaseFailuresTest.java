package dev.sluice.controlplane.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class DatabaseFailuresTest {

    static final Exception POOL_TIMEOUT = new CannotCreateTransactionException(
            "Could not open JDBC Connection",
            new SQLTransientConnectionException("HikariPool-1 - Connection is not available"));

    @Test
    void onlyFailuresOfTheDatabaseItselfAreAnOutage() {
        assertThat(DatabaseFailures.isOutage(POOL_TIMEOUT)).isTrue();
        assertThat(DatabaseFailures.isOutage(new TransactionSystemException(
                        "JDBC rollback failed", new SQLException("An I/O error occurred", "08006"))))
                .as("a connection lost mid-transaction")
                .isTrue();
        TransactionSystemException rollbackFailed =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
                "PreparedStatementCallback", new SQLException("An I/O error occurred", "08006")));
        assertThat(DatabaseFailures.isOutage(rollbackFailed))
                .as("a failed rollback hiding the lost connection")
                .isTrue();
        assertThat(DatabaseFailures.isOutage(new TransactionSystemException(
                        "JDBC rollback failed", new SQLException("Connection is closed"))))
                .as("a commit that failed, then its rollback on the closed connection (seen in PostgresOutageIT)")
                .isTrue();
        assertThat(DatabaseFailures.isOutage(new DataIntegrityViolationException("duplicate key")))
                .isFalse();
        assertThat(DatabaseFailures.isOutage(new IllegalArgumentException("not JSON")))
                .isFalse();
    }

    @Test
    void theCauseIsWhatFailedNotTheRollbackAfterIt() {
        TransactionSystemException rollbackFailed =
                new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
                "PreparedStatementCallback", new SQLException("I/O error", "08006")));
        assertThat(DatabaseFailures.describe(rollbackFailed)).isEqualTo("SQLException: I/O error");
        assertThat(DatabaseFailures.describe(POOL_TIMEOUT))
                .isEqualTo("SQLTransientConnectionException: HikariPool-1 - Connection is not available");
    }
}
