package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.support.TestIdentityProvider;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Callers of the deployment API in tests: each user name gets a JWT from a test identity
 * provider, with every role, so that tests act as requester and as approver through Sluice's real
 * authentication. A request without a user is made as {@code anonymous}.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestCallers {

    private static final TestIdentityProvider IDP = TestIdentityProvider.start();

    /** Makes the control plane accept this provider's JWTs. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("sluice.security.jwt.issuer-uri", IDP::issuer);
        registry.add("sluice.security.jwt.audience", () -> "sluice");
        registry.add("sluice.security.jwt.name-claim", () -> "preferred_username");
    }

    /** The {@code Authorization} header value for {@code user}. */
    public static String bearer(String user) {
        return bearer(user, "ADMIN");
    }

    /** The {@code Authorization} header value for {@code user} with only the given roles. */
    public static String bearer(String user, String... roles) {
        String name = user == null ? "anonymous" : user;
        // One subject per user, as an identity provider keeps it: four-eyes checks compare subjects.
        return "Bearer " + IDP.token(name, Map.of("roles", List.of(roles), "sub", "subject-of-" + name));
    }

    /** The header for a JWT with this subject and name: one person under a new name, or two under one. */
    public static String bearerWithSubject(String subject, String user, String... roles) {
        return "Bearer " + IDP.token(user, Map.of("roles", List.of(roles), "sub", subject));
    }
}
