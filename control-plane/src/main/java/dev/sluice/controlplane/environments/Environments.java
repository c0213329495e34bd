package dev.sluice.controlplane.environments;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** The configured environments, by name. */
@Service
public class Environments {

    private final List<Environment> all;

    public Environments(EnvironmentsProperties properties) {
        this.all = properties.environments().entrySet().stream()
                .map(e -> e.getValue().toEnvironment(e.getKey()))
                .toList();
    }

    public List<Environment> all() {
        return all;
    }

    public Optional<Environment> find(String name) {
        return all.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Environment require(String name) {
        return find(name).orElseThrow(() -> new UnknownEnvironmentException(name, names()));
    }

    public List<String> names() {
        return all.stream().map(Environment::name).toList();
    }
}
