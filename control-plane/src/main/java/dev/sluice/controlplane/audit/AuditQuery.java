package dev.sluice.controlplane.audit;

import java.time.Instant;
import java.util.Optional;

/** A page of the audit log, newest first, strictly older than the cursor {@code before}. */
record AuditQuery(
        Optional<String> actor,
        Optional<String> actorId,
        Optional<String> action,
        Optional<AuditEntry.Outcome> outcome,
        Optional<Instant> since,
        Optional<Instant> until,
        long before,
        int limit) {}
