package dev.sluice.controlplane.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;

/** Reuses a check's result for a while: a probe every second must not become an AWS call every second. */
final class CachedHealth {

    private final Supplier<Health> check;
    private final Duration cacheFor;
    private final Clock clock;
    private Health last;
    private Instant checkedAt = Instant.MIN;

    CachedHealth(Supplier<Health> check, Duration cacheFor, Clock clock) {
        this.check = check;
        this.cacheFor = cacheFor;
        this.clock = clock;
    }

    synchronized Health get() {
        Instant now = clock.instant();
        if (last == null || !checkedAt.plus(cacheFor).isAfter(now)) {
            last = check.get();
            checkedAt = now;
        }
        return last;
    }
}
