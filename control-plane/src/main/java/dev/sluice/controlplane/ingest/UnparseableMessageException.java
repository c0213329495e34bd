package dev.sluice.controlplane.ingest;

/** A message that will never parse: it is left to the queue's redrive policy. */
final class UnparseableMessageException extends RuntimeException {

    UnparseableMessageException(String reason) {
        super(reason);
    }
}
