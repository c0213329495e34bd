package dev.sluice.controlplane.runs;

/** The job does not exist: no retry can help until it is deployed. */
public class JobMissingException extends RuntimeException {

    public JobMissingException(String message, Throwable cause) {
        super(message, cause);
    }
}
