package dev.sluice.controlplane.runs;

import dev.sluice.controlplane.pipelines.Pipeline;
import dev.sluice.controlplane.pipelines.Pipelines;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A row lock per pipeline: the replica holding it for the current transaction is the one that
 * closes that pipeline's batches and starts its runs; the others skip it instead of waiting.
 */
@Component
class PipelineLock {

    private final JdbcClient jdbc;
    private final Pipelines pipelines;

    PipelineLock(JdbcClient jdbc, Pipelines pipelines) {
        this.jdbc = jdbc;
        this.pipelines = pipelines;
    }

    /** Creates the lock rows of the configured pipelines; run once at start, outside any transaction. */
    @EventListener(ApplicationReadyEvent.class)
    void createRows() {
        for (Pipeline pipeline : pipelines.all()) {
            try {
                jdbc.sql("INSERT INTO pipeline_lock (pipeline) SELECT ? WHERE NOT EXISTS"
                                + " (SELECT 1 FROM pipeline_lock WHERE pipeline = ?)")
                        .params(pipeline.name(), pipeline.name())
                        .update();
            } catch (DuplicateKeyException anotherReplicaWasFaster) {
                // the row exists, which is all this needs
            }
        }
    }

    /** Must run inside a transaction; true when this transaction now holds the pipeline. */
    boolean tryLock(String pipeline) {
        return jdbc.sql("SELECT pipeline FROM pipeline_lock WHERE pipeline = ? FOR UPDATE SKIP LOCKED")
                .param(pipeline)
                .query(String.class)
                .optional()
                .isPresent();
    }

    /**
     * Must run inside a transaction; waits for the batcher or another request holding the
     * pipeline (they hold it for one short transaction) instead of giving up.
     */
    void lock(String pipeline) {
        jdbc.sql("SELECT pipeline FROM pipeline_lock WHERE pipeline = ? FOR UPDATE")
                .param(pipeline)
                .query(String.class)
                .optional();
    }
}
