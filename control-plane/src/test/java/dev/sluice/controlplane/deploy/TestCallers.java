package dev.sluice.controlplane.deploy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands in for authentication (not part of Sluice yet): the {@code X-Test-User} header becomes
 * the request's principal, so tests can act as a requester and as an approver.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestCallers {

    static final String HEADER = "X-Test-User";

    @Bean
    OncePerRequestFilter testUserFilter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String user = request.getHeader(HEADER);
                if (user == null) {
                    chain.doFilter(request, response);
                    return;
                }
                Principal principal = () -> user;
                chain.doFilter(
                        new HttpServletRequestWrapper(request) {
                            @Override
                            public Principal getUserPrincipal() {
                                return principal;
                            }
                        },
                        response);
            }
        };
    }
}
