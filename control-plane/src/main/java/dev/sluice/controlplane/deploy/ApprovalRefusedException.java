package dev.sluice.controlplane.deploy;

/** The caller may not decide on this deployment (for example, they requested it). */
public class ApprovalRefusedException extends RuntimeException {

    public ApprovalRefusedException(String message) {
        super(message);
    }
}
