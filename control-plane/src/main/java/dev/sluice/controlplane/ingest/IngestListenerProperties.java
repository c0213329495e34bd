package dev.sluice.controlplane.ingest;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.ingest.listener.*}: how the SQS listener waits out a database that does not answer.
 * A message it cannot commit stays unacknowledged and is hidden on the queue for twice the outage
 * so far, at least {@code retryInitial} and at most {@code retryMax}. The queue's redrive counts
 * receives, not time: at the defaults a message is received five times in about 4.5 minutes of
 * outage, which the infrastructure stack's redrive (5 receives) rides through.
 *
 * @param retryInitial how long a message is hidden after the first failed commit
 * @param retryMax the longest a message is hidden (SQS allows 12 h)
 * @param probeInterval while the database is known gone, at most one message per interval tries
 *     it; the others are deferred at once, so the listener does not hold the pool's threads
 * @param warnInterval at most one warning per interval while the outage lasts
 */
@Validated
@ConfigurationProperties("sluice.ingest.listener")
record IngestListenerProperties(
        @DefaultValue("10s") @NotNull Duration retryInitial,
        @DefaultValue("5m") @NotNull Duration retryMax,
        @DefaultValue("1s") @NotNull Duration probeInterval,
        @DefaultValue("30s") @NotNull Duration warnInterval) {}
