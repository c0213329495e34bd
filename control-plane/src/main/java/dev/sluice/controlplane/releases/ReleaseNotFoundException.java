package dev.sluice.controlplane.releases;

public class ReleaseNotFoundException extends RuntimeException {

    public ReleaseNotFoundException(String what) {
        super(what);
    }
}
