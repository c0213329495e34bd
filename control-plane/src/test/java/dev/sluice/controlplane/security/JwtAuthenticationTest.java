package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

class JwtAuthenticationTest {

    @Test
    void anIdentityProviderThatDoesNotAnswerMeansTheTokenIsNotAcceptedRatherThanAServerError() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var settings = new SecurityProperties.Jwt(
                URI.create("http://127.0.0.1:" + closedPort + "/realms/gone"), "", "roles", "sub", Map.of());
        var jwt = new JwtAuthentication(
                new SecurityProperties("", false, "admin", settings, new SecurityProperties.Cors(List.of())));

        assertThatThrownBy(() -> jwt.authenticate(new BearerTokenAuthenticationToken("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")))
                .isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("identity provider could not be reached");
    }
}
