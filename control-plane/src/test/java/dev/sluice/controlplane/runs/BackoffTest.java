package dev.sluice.controlplane.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff.Policy policy = new Backoff.Policy(Duration.ofSeconds(30), Duration.ofMinutes(5));

    @Test
    void theDelayDoublesPerAttemptWithinHalfToAllOfIt() {
        assertThat(sampled(1)).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30)));
        assertThat(sampled(2)).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60)));
        assertThat(sampled(3))
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(120)));
    }

    @Test
    void theDelayIsCappedAtTheMaximumHoweverManyAttempts() {
        assertThat(sampled(5)).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(150), Duration.ofMinutes(5)));
        assertThat(sampled(1000))
                .as("the exponent is bounded, so no overflow")
                .allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(150), Duration.ofMinutes(5)));
    }

    @Test
    void anAttemptBelowOneIsTreatedAsTheFirst() {
        assertThat(sampled(0)).allSatisfy(d -> assertThat(d).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    @Test
    void jitterSpreadsDelays() {
        assertThat(IntStream.range(0, 200)
                        .mapToObj(i -> Backoff.jitter(Duration.ofSeconds(30)))
                        .distinct())
                .as("not all in step")
                .hasSizeGreaterThan(1);
        assertThat(Backoff.jitter(Duration.ZERO)).isEqualTo(Duration.ZERO);
    }

    private java.util.List<Duration> sampled(int attempt) {
        return IntStream.range(0, 200).mapToObj(i -> policy.delayAfter(attempt)).toList();
    }
}
