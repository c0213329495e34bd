package dev.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PoolTaskRunnerTest {

    final ExecutorService pool = Executors.newFixedThreadPool(2);
    final PoolTaskRunner runner = new PoolTaskRunner(pool, 2);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void everyItemGivesOneResult() {
        assertThat(runner.run("squares", List.of(1, 2, 3, 4), i -> i * i)).containsExactlyInAnyOrder(1, 4, 9, 16);
        assertThat(runner.run("nothing", List.<Integer>of(), i -> i)).isEmpty();
        assertThat(runner.parallelism()).isEqualTo(2);
    }

    @Test
    void aTaskThatThrowsFailsTheBatchWithItsException() {
        assertThatThrownBy(() -> runner.run("conversion", List.of(1, 2, 3), i -> {
                    if (i == 2) {
                        throw new UncheckedIOException("cannot write under /x", new java.io.IOException("full"));
                    }
                    return i;
                }))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessage("cannot write under /x");
    }
}
