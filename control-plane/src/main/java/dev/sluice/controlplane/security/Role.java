package dev.sluice.controlplane.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. ADMIN includes OPERATOR, APPROVER and RELEASER, and each of those includes VIEWER
 * (see {@link RoleConfiguration#roleHierarchy()}).
 */
public enum Role {
    /** Reads pipelines, runs, files, deployments and environments. */
    VIEWER,
    /** Retries runs, uploads files, plans deployments, requests applies that wait for approval. */
    OPERATOR,
    /** Approves or rejects deployments waiting for approval (never their own). */
    APPROVER,
    /**
     * Starts releases (CI's token) and rolls environments back: releases apply without an
     * approver where the release path has no approval gate.
     */
    RELEASER,
    /** Applies where the environment needs no approval, manages API tokens, reads the audit log. */
    ADMIN;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role named, ignoring case and a {@code ROLE_} prefix; empty for anything else. */
    public static Optional<Role> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String bare = name.trim().toUpperCase(Locale.ROOT);
        String role = bare.startsWith("ROLE_") ? bare.substring(5) : bare;
        return Arrays.stream(values()).filter(r -> r.name().equals(role)).findFirst();
    }
}
