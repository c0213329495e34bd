package dev.sluice.batch.storage;

/** An object that does not exist or may not be read; the message names it. */
public class ObjectUnavailableException extends RuntimeException {

    public ObjectUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
