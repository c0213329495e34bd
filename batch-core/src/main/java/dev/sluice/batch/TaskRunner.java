package dev.sluice.batch;

import java.io.Serializable;
import java.util.List;

/**
 * Runs the file tasks of a batch: on a Spark cluster for the Glue job, on a bounded thread pool in
 * the embedded executor. A task that throws fails the batch (after whatever retries the runner
 * makes); a file that cannot be converted is an outcome, not an exception.
 */
public interface TaskRunner {

    /** The work of one task; it travels to wherever the task runs. */
    interface Work<I, T> extends Serializable {
        T apply(I item);
    }

    /**
     * Runs {@code work} on every item, one task each, in the order given as far as the runner can.
     *
     * @param description what the tasks do, for whoever watches the runner
     * @return every item's result, in any order
     */
    <I extends Serializable, T extends Serializable> List<T> run(String description, List<I> items, Work<I, T> work);

    /** How many tasks run at once. */
    int parallelism();
}
