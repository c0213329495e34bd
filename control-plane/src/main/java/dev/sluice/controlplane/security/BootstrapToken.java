package dev.sluice.controlplane.security;

import java.io.PrintStream;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The ADMIN token that lets the first person in: {@code SLUICE_BOOTSTRAP_TOKEN} when set,
 * otherwise (embedded mode) one generated at start-up and printed once to the console, not
 * through the logging system, so no log file or log shipper ever holds it. Only its hash is kept.
 */
@Component
class BootstrapToken {

    private static final Logger log = LoggerFactory.getLogger(BootstrapToken.class);

    private final Optional<String> hash;
    private final String name;
    /** The generated secret until it has been printed; then gone from memory. */
    private String toPrint;

    private final PrintStream console;

    @Autowired
    BootstrapToken(SecurityProperties properties) {
        this(properties, System.out);
    }

    BootstrapToken(SecurityProperties properties, PrintStream console) {
        this.console = console;
        this.name = properties.bootstrapName();
        if (!properties.bootstrapToken().isEmpty()) {
            hash = Optional.of(TokenSecrets.hash(properties.bootstrapToken()));
        } else if (properties.generateBootstrapToken()) {
            toPrint = TokenSecrets.generate();
            hash = Optional.of(TokenSecrets.hash(toPrint));
        } else {
            hash = Optional.empty();
        }
    }

    /** True when the token is the bootstrap token. */
    boolean matches(String token) {
        return hash.map(h -> TokenSecrets.sameHash(h, TokenSecrets.hash(token))).orElse(false);
    }

    String principalName() {
        return name;
    }

    boolean configured() {
        return hash.isPresent();
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void printOnce() {
        if (toPrint == null) {
            return;
        }
        console.println();
        console.println(
                "Sluice API bootstrap token (role ADMIN), shown this once; set SLUICE_BOOTSTRAP_TOKEN to choose it:");
        console.println();
        console.println("    " + toPrint);
        console.println();
        console.flush();
        toPrint = null;
        log.info("A bootstrap token was generated and printed to the console; it is valid until the next restart");
    }
}
