package dev.sluice.controlplane.ingest;

import dev.sluice.controlplane.jdbc.DatabaseFailures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

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
                    cause == null ? "not tried" : DatabaseFailures.describe(cause),
                    properties.retryInitial());
        } else if (Duration.between(lastWarning, now).compareTo(properties.warnInterval()) >= 0) {
            lastWarning = now;
            log.warn(
                    "Database still unavailable after {} ({}); {} deliveries deferred so far",
                    Duration.between(since, now).withNanos(0),
                    cause == null ? "not tried" : DatabaseFailures.describe(cause),
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
}
