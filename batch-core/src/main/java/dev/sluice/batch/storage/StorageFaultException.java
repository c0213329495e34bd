package dev.sluice.batch.storage;

/**
 * The store did not serve a request after its client's retries: throttled, a 5xx, a dropped
 * connection. A fault of the moment, not of the object, so it fails the run as a whole (to be
 * retried) and never a single file, as {@link ObjectUnavailableException} does. The message names
 * the object.
 */
public class StorageFaultException extends RuntimeException {

    public StorageFaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
