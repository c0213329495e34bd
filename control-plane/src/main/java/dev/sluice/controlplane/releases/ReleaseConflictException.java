package dev.sluice.controlplane.releases;

/** The release's state (or the configuration) does not allow this now. */
public class ReleaseConflictException extends RuntimeException {

    public ReleaseConflictException(String message) {
        super(message);
    }
}
