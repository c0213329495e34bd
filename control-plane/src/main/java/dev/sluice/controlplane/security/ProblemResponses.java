package dev.sluice.controlplane.security;

import dev.sluice.controlplane.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as RFC 9457 problem details, with the {@code WWW-Authenticate: Bearer} header that
 * the resource server sets. The detail says what to do, never echoes the token.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearerEntryPoint.commence(request, response, e);
        String detail = e instanceof OAuth2AuthenticationException oauth
                        && oauth.getError().getDescription() != null
                ? "the bearer token was not accepted: " + oauth.getError().getDescription()
                : "authentication required: send 'Authorization: Bearer <token>' with an API token or a JWT";
        write(request, response, HttpStatus.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearerDenied.handle(request, response, e);
        String detail = e.getMessage() != null && e.getMessage().startsWith("role ")
                ? e.getMessage()
                : "your roles do not allow " + request.getMethod() + " " + request.getRequestURI();
        write(request, response, HttpStatus.FORBIDDEN, detail);
    }

    private static void write(
            HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = Problems.of(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        // Problems.write resets the buffer, not the headers: the Bearer challenge stays.
        Problems.write(response, problem);
    }
}
