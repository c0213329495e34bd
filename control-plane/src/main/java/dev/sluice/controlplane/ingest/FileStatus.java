package dev.sluice.controlplane.ingest;

/** Where a recorded file stands. */
public enum FileStatus {
    /** Waiting for the batcher. */
    PENDING,
    /** In a run that has not finished. */
    BATCHED,
    /** Converted by a successful run. */
    PROCESSED,
    /** Its run failed for good; the file waits for a manual retry. */
    FAILED,
    /**
     * Set aside by its run (schema mode quarantine): its schema conflicts with the table's, the
     * reason says which column and both types. Not retried; kept for a reprocess.
     */
    QUARANTINED,
    /** A zero-byte object: recorded, never sent to a job. */
    EMPTY,
    /** Larger than the pipeline's maximum file size: recorded, never sent to a job. */
    TOO_LARGE,
    /** Not a file Sluice reads (a symbolic link, a file outside the input): recorded with the reason, never sent to a job. */
    REFUSED
}
