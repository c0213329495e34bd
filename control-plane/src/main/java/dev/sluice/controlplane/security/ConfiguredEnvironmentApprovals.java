package dev.sluice.controlplane.security;

import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Reads {@code sluice.environments.<name>.requires-approval} as the deployer does: an environment
 * exists when it has an account id, and needs no approval unless it says so.
 */
@Component
class ConfiguredEnvironmentApprovals implements EnvironmentApprovals {

    /** Sluice's environment names; anything else is no environment. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]{1,15}");

    private final Binder binder;

    ConfiguredEnvironmentApprovals(Environment environment) {
        this.binder = Binder.get(environment);
    }

    @Override
    public Optional<Boolean> requiresApproval(String environment) {
        if (!NAME.matcher(environment).matches()) {
            return Optional.empty();
        }
        String prefix = "sluice.environments." + environment + ".";
        if (!binder.bind(prefix + "account-id", String.class).isBound()) {
            return Optional.empty();
        }
        return Optional.of(
                binder.bind(prefix + "requires-approval", Boolean.class).orElse(false));
    }
}
