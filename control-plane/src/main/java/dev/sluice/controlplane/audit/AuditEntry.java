package dev.sluice.controlplane.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * One mutating API call: who made it, what it was, when, and how it ended.
 *
 * @param actor the caller's name ({@code token:<name>}, the JWT's name claim, or {@code anonymous})
 * @param actorId the caller's stable id ({@code token#<id>}, {@code jwt:<subject>}, {@code bootstrap})
 * @param action what was asked ({@code run.retry}, {@code token.create}), {@code other} for no known action
 * @param target what it was asked of, canonical (a run id as its number); empty when the action names none
 * @param path the path rebuilt from the action and target, or the path asked for, clipped, for {@code other}
 * @param status the HTTP status of the answer
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        String actorId,
        String method,
        String action,
        Optional<String> target,
        String path,
        int status,
        Outcome outcome) {

    public enum Outcome {
        /** The call did what it asked (2xx, 3xx). */
        SUCCEEDED,
        /** The call did not say who made it, or its token was not accepted (401). */
        UNAUTHENTICATED,
        /** The caller's roles do not allow it (403). */
        DENIED,
        /** The request was refused: invalid, unknown id, conflict (other 4xx). */
        REJECTED,
        /** Sluice failed to carry it out (5xx). */
        FAILED;

        public static Outcome of(int status) {
            if (status == 401) {
                return UNAUTHENTICATED;
            }
            if (status == 403) {
                return DENIED;
            }
            if (status >= 500) {
                return FAILED;
            }
            return status >= 400 ? REJECTED : SUCCEEDED;
        }
    }
}
