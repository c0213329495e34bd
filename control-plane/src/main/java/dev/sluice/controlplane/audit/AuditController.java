package dev.sluice.controlplane.audit;

import dev.sluice.controlplane.jdbc.Page;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.util.Optional;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/audit}: the audit log of mutating calls, for ADMINs. */
@RestController
@Validated
@RequestMapping("/api/v1/audit")
class AuditController {

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(summary = "List audit entries, newest first (ADMIN)")
    Page<AuditEntry> list(
            @RequestParam Optional<String> actor,
            @RequestParam Optional<String> actorId,
            @RequestParam Optional<String> action,
            @RequestParam Optional<AuditEntry.Outcome> outcome,
            @RequestParam Optional<Instant> since,
            @RequestParam Optional<Instant> until,
            @RequestParam Optional<@Min(1) Long> cursor,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return Page.of(
                audit.list(new AuditQuery(
                        actor, actorId, action, outcome, since, until, cursor.orElse(Long.MAX_VALUE), limit)),
                limit,
                AuditEntry::id);
    }
}
