package dev.sluice.controlplane.runs;

/** No run has this id. */
public class RunNotFoundException extends RuntimeException {

    RunNotFoundException(long id) {
        super("no run " + id);
    }
}
