package dev.sluice.controlplane.audit;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes the mutating calls under {@code /api/} to the audit log once they are answered: what an
 * authenticated caller changed or was refused, each as its action and canonical target. It sits
 * in the security filter chain before authentication, so it sees the 401s, the 403s and the
 * caller that authentication found.
 *
 * <p>Calls nobody authenticated are anyone's to make, as many as they like: each is counted
 * ({@code sluice.audit.unauthenticated}, by action), and the log keeps at most one of them per
 * action and status a minute, so that they cannot fill the database.
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String ANONYMOUS = "anonymous";

    private final AuditLog audit;
    private final Function<Principal, String> callerIds;
    private final MeterRegistry meters;
    private final Clock clock;
    /** The minute in which an unauthenticated call of each action and status was last written. */
    private final Map<String, Instant> anonymousWritten = new ConcurrentHashMap<>();

    /** @param callerIds the stable id of an authenticated caller */
    public AuditFilter(AuditLog audit, Function<Principal, String> callerIds, MeterRegistry meters, Clock clock) {
        this.audit = audit;
        this.callerIds = callerIds;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MUTATING.contains(request.getMethod())
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean completed = false;
        try {
            chain.doFilter(request, response);
            completed = true;
        } finally {
            write(request, completed ? response.getStatus() : 500);
        }
    }

    private void write(HttpServletRequest request, int status) {
        String method = request.getMethod();
        AuditActions.Action action = AuditActions.of(
                method,
                request.getRequestURI().substring(request.getContextPath().length()));
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        boolean anonymous =
                caller == null || caller instanceof AnonymousAuthenticationToken || caller.getName() == null;
        try {
            if (!anonymous) {
                audit.record(
                        clock.instant(),
                        new AuditLog.Actor(callerIds.apply(caller), caller.getName()),
                        method,
                        action,
                        status);
            } else if (firstThisMinute(action.name() + " " + status)) {
                meters.counter("sluice.audit.unauthenticated", "action", action.name())
                        .increment();
                audit.record(clock.instant(), new AuditLog.Actor(ANONYMOUS, ANONYMOUS), method, action, status);
            } else {
                meters.counter("sluice.audit.unauthenticated", "action", action.name())
                        .increment();
            }
        } catch (RuntimeException e) {
            log.error("Could not write the audit entry for {} {} ({})", method, action.path(), status, e);
        }
    }

    private boolean firstThisMinute(String key) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Instant before = anonymousWritten.put(key, minute);
        return !minute.equals(before);
    }
}
