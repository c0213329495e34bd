package dev.sluice.controlplane.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Tells a database that is gone or failing for now from a statement that is wrong. */
public final class DatabaseFailures {

    private DatabaseFailures() {}

    /** Whether the failure means the database is unreachable or failing for now, not bad input. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException
                    // A connection lost mid-transaction: PostgreSQL's driver says 08006 and the
                    // rollback that follows fails the same way.
                    || (t instanceof SQLException sql
                            && sql.getSQLState() != null
                            && sql.getSQLState().startsWith("08"))
                    // A commit or rollback that failed: the transaction could not be completed with
                    // the database, whatever the work held (bad input fails before, in the work).
                    // After a failed commit the rollback's "Connection is closed" carries no SQL
                    // state and the commit's cause is only logged.
                    || t instanceof TransactionSystemException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The root cause in one line, {@code SimpleName: message}: what failed, not the rollback after it. */
    public static String describe(Throwable cause) {
        Throwable root = cause;
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TransactionSystemException failed && failed.getApplicationException() != null) {
                root = failed.getApplicationException();
                break;
            }
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
