package dev.sluice.controlplane.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Writes every mutating call under {@code /api/} to the audit log once it is answered, refused
 * ones included. It sits in the security filter chain before authentication, so it sees the
 * 401s, the 403s and the caller that authentication found.
 */
public final class AuditFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditLog audit;
    private final Clock clock;

    public AuditFilter(AuditLog audit, Clock clock) {
        this.audit = audit;
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
        String path = request.getRequestURI().substring(request.getContextPath().length());
        try {
            audit.record(clock.instant(), actor(), request.getMethod(), path, status);
        } catch (RuntimeException e) {
            log.error("Could not write the audit entry for {} {} ({})", request.getMethod(), path, status, e);
        }
    }

    private static String actor() {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || caller instanceof AnonymousAuthenticationToken || caller.getName() == null) {
            return "anonymous";
        }
        return caller.getName();
    }
}
