package dev.sluice.processor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DistinctCounterTest {

    @Test
    void countsEachHashOnceIncludingZeroAndAcrossGrowth() {
        DistinctCounter counter = new DistinctCounter();
        Set<Long> expected = new HashSet<>();
        Random random = new Random(7);
        for (int i = 0; i < 50_000; i++) {
            // a small range makes many repeats; zero and colliding low bits are included
            long hash = random.nextInt(20_000) * (1L << 32);
            counter.add(hash);
            expected.add(hash);
        }
        counter.add(0);
        expected.add(0L);
        assertThat(counter.size()).isEqualTo(expected.size());
    }
}
