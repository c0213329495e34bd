package dev.sluice.controlplane.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * An OpenID provider as far as a resource server sees one: a discovery document and a JWK set
 * over HTTP on a loopback port, and RS256-signed JWTs. A second key, never published, signs
 * forgeries.
 */
public final class TestIdentityProvider {

    private static final String REALM = "/realms/sluice";

    private final HttpServer server;
    private final RSAKey key;
    private final RSAKey stranger;

    private TestIdentityProvider(HttpServer server, RSAKey key, RSAKey stranger) {
        this.server = server;
        this.key = key;
        this.stranger = stranger;
    }

    public static TestIdentityProvider start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID("sluice-test").generate();
            RSAKey stranger = new RSAKeyGenerator(2048).keyID("sluice-test").generate();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestIdentityProvider provider = new TestIdentityProvider(server, key, stranger);
            server.createContext(
                    REALM + "/.well-known/openid-configuration",
                    exchange -> provider.respond(exchange, """
                    {"issuer":"%s","jwks_uri":"%s/jwks","subject_types_supported":["public"],
                     "id_token_signing_alg_values_supported":["RS256"]}""".formatted(provider.issuer(), provider.issuer())));
            server.createContext(
                    REALM + "/jwks", exchange -> provider.respond(exchange, new JWKSet(key.toPublicJWK()).toString()));
            server.start();
            return provider;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + REALM;
    }

    /** A JWT for {@code username} with the given claims on top of issuer, subject, audience and times. */
    public String token(String username, Map<String, Object> claims) {
        return sign(key, username, claims, Duration.ofMinutes(5), "sluice");
    }

    public String expiredToken(String username, Map<String, Object> claims) {
        return sign(key, username, claims, Duration.ofMinutes(-5), "sluice");
    }

    public String tokenForAudience(String username, Map<String, Object> claims, String audience) {
        return sign(key, username, claims, Duration.ofMinutes(5), audience);
    }

    /** Signed by a key the provider never published: a forgery. */
    public String forgedToken(String username, Map<String, Object> claims) {
        return sign(stranger, username, claims, Duration.ofMinutes(5), "sluice");
    }

    private String sign(RSAKey with, String username, Map<String, Object> claims, Duration validFor, String audience) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(UUID.randomUUID().toString())
                .audience(audience)
                .issueTime(Date.from(now.minusSeconds(60)))
                .expirationTime(Date.from(now.plus(validFor)))
                .claim("preferred_username", username);
        claims.forEach(builder::claim);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).build(), builder.build());
        try {
            jwt.sign(new RSASSASigner(with));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private void respond(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
