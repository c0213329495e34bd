package dev.sluice.controlplane.deploy;

import java.util.Locale;

public enum DeploymentAction {
    /** Create and describe a change set, store its changes, apply nothing. */
    PLAN,
    /** Plan, wait for approval where the environment requires it, then execute. */
    APPLY;

    public static DeploymentAction parse(String action) {
        try {
            return valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidDeploymentRequestException("action", "must be plan or apply, was '" + action + "'");
        }
    }
}
