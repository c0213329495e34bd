package dev.sluice.controlplane.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BootstrapTokenTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void aGeneratedTokenIsPrintedOnceAndThenAccepted() {
        BootstrapToken bootstrap = new BootstrapToken(properties("", true), new PrintStream(console));

        bootstrap.printOnce();
        bootstrap.printOnce();

        String printed = console.toString(StandardCharsets.UTF_8);
        Matcher token = Pattern.compile("sluice_[A-Za-z0-9_-]{43}").matcher(printed);
        assertThat(token.find()).isTrue();
        assertThat(token.find()).as("printed once").isFalse();
        token.reset().find();
        assertThat(bootstrap.matches(token.group())).isTrue();
        assertThat(bootstrap.matches(token.group() + "x")).isFalse();
    }

    @Test
    void aGivenTokenIsAcceptedAndNeverPrinted() {
        String given = "a-long-enough-bootstrap-token-from-the-env";
        BootstrapToken bootstrap = new BootstrapToken(properties(given, true), new PrintStream(console));

        bootstrap.printOnce();

        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(bootstrap.matches(given)).isTrue();
    }

    @Test
    void withoutATokenAndWithoutGenerationNothingMatches() {
        BootstrapToken bootstrap = new BootstrapToken(properties("", false), new PrintStream(console));

        bootstrap.printOnce();

        assertThat(bootstrap.configured()).isFalse();
        assertThat(bootstrap.matches("")).isFalse();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void aShortBootstrapTokenIsRefusedAtStartUp() {
        assertThat(properties("short", true).isBootstrapTokenLongEnough()).isFalse();
        assertThat(properties("", true).isBootstrapTokenLongEnough()).isTrue();
        assertThat(properties("x".repeat(24), true).toString()).doesNotContain("xxxx");
    }

    private static SecurityProperties properties(String token, boolean generate) {
        return new SecurityProperties(
                token,
                generate,
                "bootstrap-admin",
                new SecurityProperties.Jwt(null, "", "roles", "sub", Map.of()),
                new SecurityProperties.Cors(List.of()));
    }
}
