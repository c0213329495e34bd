package dev.sluice.controlplane.releases;

/** A release request with a bad field; the message names it. */
public class InvalidReleaseRequestException extends RuntimeException {

    private final String field;

    public InvalidReleaseRequestException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
