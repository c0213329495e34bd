package dev.sluice.controlplane.security;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

import dev.sluice.controlplane.api.ApiProperties;
import dev.sluice.controlplane.api.JsonBodyLimit;
import dev.sluice.controlplane.api.Problems;
import dev.sluice.controlplane.audit.AuditFilter;
import dev.sluice.controlplane.audit.AuditLog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Who may do what. Every API call carries a bearer token: a Sluice API token (or the bootstrap
 * token) or, when an issuer is configured, a JWT. Reads need VIEWER; each kind of change needs
 * its role; anything not listed needs ADMIN. The dashboard's files, the OpenAPI document and
 * health are open, because they hold nothing secret.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'; form-action 'self'";

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            AuthenticationManager bearerTokens,
            AuditLog audit,
            MeterRegistry meters,
            Clock clock,
            ApiProperties api,
            SecurityProperties properties) {
        ProblemResponses problems = new ProblemResponses();
        http.csrf(AbstractHttpConfigurer::disable) // bearer tokens, no cookies: nothing for a forged request to ride on
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(c -> c.configurationSource(cors(properties.cors())))
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/actuator/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(
                                GET,
                                "/",
                                "/index.html",
                                "/dashboard/**",
                                "/favicon.ico",
                                "/swagger-ui.html",
                                "/swagger-ui/**",
                                "/v3/api-docs",
                                "/v3/api-docs/**")
                        .permitAll()
                        .requestMatchers("/error")
                        .permitAll()
                        .requestMatchers(GET, "/api/v1/me")
                        .authenticated()
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/**", "/api/v1/audit", "/api/v1/audit/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(GET, "/api/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(
                                POST,
                                "/api/v1/runs/*/retry",
                                "/api/v1/files",
                                "/api/v1/pipelines/*/reconcile",
                                "/api/v1/pipelines/*/reprocess")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(POST, "/api/v1/deployments", "/api/v1/deployments/redeploy")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(POST, "/api/v1/deployments/*/approve", "/api/v1/deployments/*/reject")
                        .hasRole(Role.APPROVER.name())
                        .requestMatchers(POST, "/api/v1/releases", "/api/v1/environments/*/rollback")
                        .hasRole(Role.RELEASER.name())
                        .requestMatchers(
                                POST, "/api/v1/releases/*/stages/*/approve", "/api/v1/releases/*/stages/*/reject")
                        .hasRole(Role.APPROVER.name())
                        .anyRequest()
                        .hasRole(Role.ADMIN.name()))
                .oauth2ResourceServer(rs -> rs.authenticationManagerResolver(
                                request -> isHealth(request) ? publicHealth(bearerTokens) : bearerTokens)
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .protectedResourceMetadata(m -> m.protectedResourceMetadataCustomizer(metadata -> {
                            metadata.resourceName("Sluice API").tlsClientCertificateBoundAccessTokens(false);
                            if (properties.jwt().enabled()) {
                                metadata.authorizationServer(
                                        properties.jwt().issuerUri().toString());
                            }
                        })))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(
                        new AuditFilter(audit, CallerId::of, meters, clock), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new JsonBodyLimit(api), AuditFilter.class);
        return http.build();
    }

    /**
     * What the firewall refuses ({@code //}, {@code ;}, {@code %2e}, a backslash...) is a problem like
     * any other 400, not Spring's default error JSON.
     */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, e) -> {
            log.debug("Refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            Problems.write(
                    response,
                    Problems.of(
                            HttpStatus.BAD_REQUEST,
                            "request-rejected",
                            "the request was rejected: "
                                    + e.getMessage().replaceFirst("^The request was rejected because ", "")));
        };
    }

    private static boolean isHealth(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    /**
     * Health is open: a stale or unknown token there gets the public status (UP or DOWN without
     * the components), as no token would, instead of a 401 that a load balancer reads as down.
     */
    private static AuthenticationManager publicHealth(AuthenticationManager bearerTokens) {
        return authentication -> {
            try {
                return bearerTokens.authenticate(authentication);
            } catch (AuthenticationException notAccepted) {
                return new AnonymousAuthenticationToken(
                        "public-health", CallerId.ANONYMOUS, AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
            }
        };
    }

    /**
     * Sluice API tokens first; any other bearer token is a JWT for the identity provider, when one
     * is configured. A token that looks like Sluice's never reaches the JWT decoder.
     */
    @Bean
    AuthenticationManager bearerTokens(
            ApiTokens tokens, BootstrapToken bootstrap, Optional<JwtAuthentication> jwt, Clock clock) {
        ApiTokenAuthenticationProvider apiTokens = new ApiTokenAuthenticationProvider(tokens, bootstrap, clock);
        if (!bootstrap.configured() && jwt.isEmpty()) {
            log.warn("No bootstrap token and no JWT issuer: only API tokens already in the database are accepted."
                    + " Set SLUICE_BOOTSTRAP_TOKEN or sluice.security.jwt.issuer-uri to let someone in.");
        }
        return authentication -> {
            Authentication byApiToken = apiTokens.authenticate(authentication);
            if (byApiToken != null) {
                return byApiToken;
            }
            return jwt.orElseThrow(() -> new InvalidBearerTokenException(
                            "it is not a Sluice API token, and no identity provider is configured for JWTs"))
                    .authenticate((BearerTokenAuthenticationToken) authentication);
        };
    }

    private static CorsConfigurationSource cors(SecurityProperties.Cors settings) {
        CorsConfiguration config = new CorsConfiguration();
        // With no origins listed, every cross-origin request is refused (403), preflight or not.
        config.setAllowedOrigins(List.copyOf(settings.allowedOrigins()));
        config.setAllowedMethods(List.of("GET", "POST", "DELETE"));
        config.setAllowedHeaders(List.of("Authorization", "Content-Type"));
        config.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", config);
        return source;
    }
}
