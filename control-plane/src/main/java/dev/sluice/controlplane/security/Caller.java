package dev.sluice.controlplane.security;

import java.security.Principal;

/**
 * Who makes a request: the stable {@link CallerId id} that Sluice compares (four eyes, audit) and
 * the name that people read.
 */
public record Caller(String id, String name) {

    public static Caller of(Principal principal) {
        String name = principal == null || principal.getName() == null ? CallerId.ANONYMOUS : principal.getName();
        return new Caller(CallerId.of(principal), name);
    }

    /**
     * Whether this caller is the one recorded as {@code otherId} / {@code otherName}: by id when the
     * record has one, by name for records written before ids were kept.
     */
    public boolean is(String otherId, String otherName) {
        return otherId == null ? name.equals(otherName) : id.equals(otherId);
    }
}
