package dev.sluice.controlplane.security;

import dev.sluice.controlplane.api.Problems;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tokens}: ADMINs create, list and revoke API tokens. A token's secret is in the
 * answer to its creation and nowhere else, ever: Sluice keeps only its hash.
 */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    private final ApiTokens tokens;
    private final Clock clock;

    TokenController(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * @param name names the caller as {@code token:<name>}: letters, digits, '.', '_' and '-'; unique, for good
     * @param expiresAt when the token stops working; never when absent
     */
    record NewToken(
            @NotNull
            @Pattern(regexp = "[A-Za-z0-9._-]{1,100}", message = "must be 1-100 letters, digits, '.', '_' or '-'")
            String name,

            @NotEmpty Set<@NotNull Role> roles,
            @Future Instant expiresAt) {}

    /** The new token and, this once, its secret: send it as {@code Authorization: Bearer <secret>}. */
    record CreatedToken(ApiToken token, String secret) {}

    @PostMapping
    @Operation(summary = "Create an API token (ADMIN); the answer holds its secret, shown only this once")
    ResponseEntity<CreatedToken> create(@Valid @RequestBody NewToken request, Principal caller) {
        ApiTokens.IssuedToken issued;
        try {
            issued = tokens.issue(
                    request.name(),
                    EnumSet.copyOf(request.roles()),
                    caller.getName(),
                    Optional.ofNullable(request.expiresAt()),
                    clock.instant());
        } catch (DuplicateKeyException nameTaken) {
            throw new TokenNameTakenException(request.name());
        }
        return ResponseEntity.created(
                        URI.create("/api/v1/tokens/" + issued.token().id()))
                .body(new CreatedToken(issued.token(), issued.secret()));
    }

    @GetMapping
    @Operation(summary = "List API tokens, newest first, without their secrets (ADMIN)")
    List<ApiToken> list() {
        return tokens.list();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API token (ADMIN); it stops working at once")
    ResponseEntity<Void> revoke(@PathVariable long id, Principal caller) {
        ApiToken token = tokens.find(id).orElseThrow(() -> new UnknownTokenException(id));
        if (!tokens.revoke(id, caller.getName(), clock.instant())) {
            throw new TokenAlreadyRevokedException(token);
        }
        return ResponseEntity.noContent().build();
    }

    @ExceptionHandler
    ProblemDetail unknown(UnknownTokenException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "unknown-token", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail alreadyRevoked(TokenAlreadyRevokedException e) {
        return Problems.of(HttpStatus.CONFLICT, "token-already-revoked", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail nameTaken(TokenNameTakenException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "token-name-taken", e.getMessage());
        problem.setProperty("field", "name");
        return problem;
    }

    /** Names are never reused, not even a revoked token's: a name in the audit log means one token. */
    static final class TokenNameTakenException extends RuntimeException {
        TokenNameTakenException(String name) {
            super("an API token named '" + name + "' exists already (revoked ones included); choose another name");
        }
    }

    static final class UnknownTokenException extends RuntimeException {
        UnknownTokenException(long id) {
            super("no API token " + id);
        }
    }

    static final class TokenAlreadyRevokedException extends RuntimeException {
        TokenAlreadyRevokedException(ApiToken token) {
            super("API token " + token.id() + " (" + token.name() + ") was revoked already");
        }
    }
}
