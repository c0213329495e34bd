package dev.sluice.batch;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The file tasks of a batch on a bounded pool of this process: the embedded executor's runner. The
 * pool is the caller's, so that every run of the process shares the same few threads; it must not
 * be the pool the run itself runs on, whose threads would wait for their own tasks.
 */
public final class PoolTaskRunner implements TaskRunner {

    private final ExecutorService pool;
    private final int parallelism;

    /** @param parallelism how many threads {@code pool} has */
    public PoolTaskRunner(ExecutorService pool, int parallelism) {
        this.pool = Objects.requireNonNull(pool, "pool");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism " + parallelism + " is not positive");
        }
        this.parallelism = parallelism;
    }

    @Override
    public <I extends Serializable, T extends Serializable> List<T> run(
            String description, List<I> items, Work<I, T> work) {
        List<Future<T>> futures = new ArrayList<>();
        for (I item : items) {
            futures.add(pool.submit(() -> work.apply(item)));
        }
        List<T> results = new ArrayList<>();
        try {
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(description + ": interrupted", e);
        } catch (ExecutionException e) {
            // as a failed Spark task fails its job: the others are of no use now
            throw rethrow(description, e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException(description + ": a task was cancelled", e);
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    private static RuntimeException rethrow(String description, Throwable cause) {
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(description + ": " + cause, cause);
    }

    @Override
    public int parallelism() {
        return parallelism;
    }
}
