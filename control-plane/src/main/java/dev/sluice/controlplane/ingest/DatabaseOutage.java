package dev.sluice.controlplane.ingest;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What the listener knows about the database being gone: since when, whether a delivery should try
 * it now, how long to hide a message, and when to say so in the log. One warning when the outage
 * starts, one per warn interval while it lasts, one line when it ends; never a stack trace per
 * message, which during a failover would be hundreds a minute and bury the cause.
 */
final class DatabaseOutage {

    private final IngestListenerProperties properties;
    private final Clock clock;
    private final Logger log;

    private volatile Instant since;
    private Instant lastProbe;
    private Instant lastWarning;
    private long deferred;

    DatabaseOutage(IngestListenerProperties properties, Clock clock, Logger log) {
        this.properties = properties;
        this.clock = clock;
        this.log = log;
    }

    /** Whether the failure means the database is unreachable or failing for now, not a bad message. */
    static boolean isOutage(Throwable failure) {
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
                            && sql.getSQLState().startsWith("08"))) {
                return true;
            }
            // A commit or rollback that failed: the transaction could not be completed with the
            // database, whatever the message held (a bad message fails before, in the listener's
            // own code). After a failed commit the rollback's "Connection is closed" carries no
            // SQL state and the commit's cause is only logged.
            if (t instanceof TransactionSystemException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** False while an outage is known and another delivery tried the database within the probe interval. */
    synchronized boolean shouldTry() {
        if (since == null) {
            return true;
        }
        Instant now = clock.instant();
        if (Duration.between(lastProbe, now).compareTo(properties.probeInterval()) >= 0) {
            lastProbe = now;
            return true;
        }
        return false;
    }

    /**
     * Records a delivery the database could not take and returns how long to hide its message.
     *
     * @param cause the failure, or null when the delivery did not try because the outage is known
     */
    synchronized Duration deferred(Throwable cause) {
        Instant now = clock.instant();
        deferred++;
        if (since == null) {
            since = now;
            lastProbe = now;
            lastWarning = now;
            log.warn(
                    "Database unavailable ({}); SQS messages stay unacknowledged and come back, each hidden"
                            + " for {} at first, longer while the outage lasts",
                    cause == null ? "not tried" : describe(cause),
                    properties.retryInitial());
        } else if (Duration.between(lastWarning, now).compareTo(properties.warnInterval()) >= 0) {
            lastWarning = now;
            log.warn(
                    "Database still unavailable after {} ({}); {} deliveries deferred so far",
                    Duration.between(since, now).withNanos(0),
                    cause == null ? "not tried" : describe(cause),
                    deferred);
        }
        Duration twiceTheOutage = Duration.between(since, now).multipliedBy(2);
        Duration hide =
                twiceTheOutage.compareTo(properties.retryInitial()) < 0 ? properties.retryInitial() : twiceTheOutage;
        return hide.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : hide;
    }

    /** A delivery committed: an outage, if there was one, is over. */
    void committed() {
        if (since == null) {
            return; // the common case, without taking the lock
        }
        synchronized (this) {
            if (since == null) {
                return;
            }
            log.info(
                    "Database available again after {}; the {} deferred deliveries come back from the queue",
                    Duration.between(since, clock.instant()).withNanos(0),
                    deferred);
            since = null;
            deferred = 0;
        }
    }

    private static String describe(Throwable cause) {
        Throwable root = cause;
        for (Throwable t = cause; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof TransactionSystemException failed && failed.getApplicationException() != null) {
                root = failed.getApplicationException(); // what failed, not the rollback after it
                break;
            }
        }
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
