package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.PipelineSettings;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so that retries of many runs do not start in step. */
final class Backoff {

    private Backoff() {}

    static Duration jitter(Duration delay) {
        long millis = delay.toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    /** A pipeline's retry backoff: initial × 2^(attempt-1), capped at max, then 50–100 % of that. */
    record Policy(Duration initial, Duration max) {

        static Policy of(PipelineSettings.Retry retry) {
            return new Policy(retry.initialBackoff(), retry.maxBackoff());
        }

        Duration delayAfter(int attempt) {
            long factor = 1L << Math.min(Math.max(attempt - 1, 0), 20);
            return jitter(Duration.ofMillis(Math.min(initial.toMillis() * factor, max.toMillis())));
        }
    }
}
