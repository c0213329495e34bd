package dev.sluice.controlplane.accounts;

import java.util.List;

/** A request named an environment that is not configured under {@code sluice.environments}. */
public class UnknownEnvironmentException extends RuntimeException {

    public UnknownEnvironmentException(String name, List<String> known) {
        super("environment '" + name + "' is not configured (sluice.environments has: "
                + (known.isEmpty() ? "none" : String.join(", ", known)) + ")");
    }
}
