package dev.sluice.controlplane.deploy;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum DeploymentAction {
    /** Create and describe a change set, store its changes, apply nothing. */
    PLAN,
    /** Plan, wait for approval where the environment requires it, then execute. */
    APPLY;

    /** As in requests: plan or apply. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DeploymentAction parse(String action) {
        try {
            return valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidDeploymentRequestException("action", "must be plan or apply, was '" + action + "'");
        }
    }
}
