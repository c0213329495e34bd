package dev.sluice.controlplane.ingest;

/**
 * What a sweep of a pipeline's input did.
 *
 * @param pages ListObjectsV2 calls (pages of the listing) made
 * @param listed objects listed under the input prefix
 * @param tooYoung matching objects younger than the grace, left to their notification
 * @param recorded objects the ledger lacked, now recorded
 * @param passComplete whether the listing reached its end; if not, the next tick continues it
 * @param notificationsLookBroken whether recent passes keep finding files that notifications missed
 */
public record SweepResult(
        String pipeline,
        int pages,
        int listed,
        int tooYoung,
        int recorded,
        boolean passComplete,
        boolean notificationsLookBroken) {}
