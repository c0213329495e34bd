package dev.sluice.controlplane.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one rule that depends on the request body: an OPERATOR may plan, and may request an apply
 * that waits for an approver; applying straight away, in an environment that needs no approval,
 * takes an ADMIN. Runs after the path rules, which already demand OPERATOR here. A body that is not
 * plainly one JSON object (duplicate keys, trailing content, another shape) gets the stricter rule,
 * so that no reading of it by the controller can apply what this check took for a plan.
 */
final class DeploymentApplyGuard extends OncePerRequestFilter {

    static final String CREATE = "/api/v1/deployments";
    static final String REDEPLOY = "/api/v1/deployments/redeploy";
    private static final int MAX_BODY = 64 * 1024;

    private final EnvironmentApprovals approvals;
    private final RoleHierarchy roles;
    private final JsonMapper strict = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    DeploymentApplyGuard(EnvironmentApprovals approvals, RoleHierarchy roles) {
        this.approvals = approvals;
        this.roles = roles;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !(CREATE.equals(path) || REDEPLOY.equals(path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            response.sendError(HttpStatus.CONTENT_TOO_LARGE.value(), "a deployment request is at most 64 KB");
            return;
        }
        boolean redeploy = request.getRequestURI().endsWith(REDEPLOY);
        if (needsAdmin(body, redeploy)
                && !hasAdmin(SecurityContextHolder.getContext().getAuthentication())) {
            throw new AccessDeniedException(
                    "role ADMIN is needed to apply without approval; an OPERATOR may plan, or request an apply"
                            + " in an environment whose applies wait for an approver");
        }
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    boolean needsAdmin(byte[] body, boolean redeploy) {
        JsonNode request;
        try {
            request = strict.readTree(body);
        } catch (JacksonException unreadableOrDuplicateKeys) {
            return true;
        }
        if (!redeploy
                && request.path("action").isString()
                && "PLAN".equals(request.path("action").asString().toUpperCase(Locale.ROOT))) {
            return false;
        }
        if (!request.path("environment").isString()) {
            return true;
        }
        Optional<Boolean> waitsForApproval =
                approvals.requiresApproval(request.path("environment").asString());
        // An unknown environment is refused by the deployment service, and nothing is applied.
        return waitsForApproval.map(waits -> !waits).orElse(false);
    }

    private boolean hasAdmin(Authentication caller) {
        return caller != null
                && roles.getReachableGrantedAuthorities(caller.getAuthorities()).stream()
                        .map(GrantedAuthority::getAuthority)
                        .anyMatch(Role.ADMIN.authority()::equals);
    }
}
