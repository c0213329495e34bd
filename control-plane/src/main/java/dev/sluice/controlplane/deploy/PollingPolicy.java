package dev.sluice.controlplane.deploy;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Sluice waits on CloudFormation.
 *
 * @param interval pause between two looks at a change set or a stack
 * @param maxInterval the longest pause when CloudFormation throttles and the pause doubles
 * @param changeSetTimeout how long a change set may take to be created or a stack to be deleted
 * @param stackTimeout how long a stack may take to reach a terminal status
 */
public record PollingPolicy(
        @NotNull @DefaultValue("5s") Duration interval,
        @NotNull @DefaultValue("60s") Duration maxInterval,
        @NotNull @DefaultValue("10m") Duration changeSetTimeout,
        @NotNull @DefaultValue("3h") Duration stackTimeout) {

    public PollingPolicy {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("sluice.deploy.polling.interval must be positive, was " + interval);
        }
        if (maxInterval.compareTo(interval) < 0) {
            throw new IllegalArgumentException("sluice.deploy.polling.max-interval (" + maxInterval
                    + ") must not be shorter than sluice.deploy.polling.interval (" + interval + ")");
        }
    }

    /** The pause after CloudFormation throttled us: twice the last one, capped. */
    Duration backedOff(Duration last) {
        Duration doubled = last.multipliedBy(2);
        return doubled.compareTo(maxInterval) > 0 ? maxInterval : doubled;
    }
}
