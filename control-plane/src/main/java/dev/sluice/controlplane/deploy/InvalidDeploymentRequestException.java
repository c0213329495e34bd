package dev.sluice.controlplane.deploy;

/** A request field has a value Sluice cannot act on. */
public class InvalidDeploymentRequestException extends RuntimeException {

    private final String field;

    public InvalidDeploymentRequestException(String field, String problem) {
        super(field + " " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
