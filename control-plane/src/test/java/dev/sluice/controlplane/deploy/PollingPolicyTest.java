package dev.sluice.controlplane.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PollingPolicyTest {

    private final PollingPolicy policy = new PollingPolicy(
            Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofHours(3));

    @Test
    void throttlingDoublesThePauseUpToTheMaximum() {
        assertThat(policy.backedOff(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(10));
        assertThat(policy.backedOff(Duration.ofSeconds(40))).isEqualTo(Duration.ofSeconds(60));
        assertThat(policy.backedOff(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aMaximumShorterThanTheIntervalIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> new PollingPolicy(
                        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .hasMessageContaining("sluice.deploy.polling.max-interval")
                .hasMessageContaining("sluice.deploy.polling.interval");
    }
}
