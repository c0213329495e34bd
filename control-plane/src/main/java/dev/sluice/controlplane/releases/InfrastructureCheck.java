package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.deploy.PinnedArtifacts;
import dev.sluice.controlplane.environments.AccountClients;
import dev.sluice.controlplane.environments.AccountSession;
import dev.sluice.controlplane.environments.Environment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.cloudformation.model.ListExportsResponse;

/**
 * Whether an environment's infrastructure is ready for an application release: every export the
 * pinned application template imports exists there, and the infrastructure release the application
 * release requires (or a newer one) has been applied there.
 */
@Component
class InfrastructureCheck {

    /** {@code Fn::ImportValue: !Sub ${EnvironmentName}-sluice-X} and {@code !ImportValue ...}, as the templates write them. */
    private static final Pattern IMPORT =
            Pattern.compile("ImportValue:?\\s*(?:!Sub\\s+)?[\"']?\\$\\{EnvironmentName}([A-Za-z0-9_-]+)");

    private final AccountClients clients;
    private final PinnedArtifacts artifacts;
    private final ReleaseRepository repository;

    InfrastructureCheck(AccountClients clients, PinnedArtifacts artifacts, ReleaseRepository repository) {
        this.clients = clients;
        this.artifacts = artifacts;
        this.repository = repository;
    }

    /** Why the release cannot start in the environment yet; empty when it can. */
    Optional<String> whyWaiting(Release release, Environment environment) {
        if (release.track() != ReleaseTrack.APPLICATION) {
            return Optional.empty();
        }
        Optional<String> version = release.requiresInfrastructure().flatMap(v -> versionMissing(v, environment));
        if (version.isPresent()) {
            return version;
        }
        TreeSet<String> missing = new TreeSet<>(
                importedExports(artifacts.template(release.artifacts().templateDigest()), environment.name()));
        missing.removeAll(exports(environment).keySet());
        return missing.isEmpty()
                ? Optional.empty()
                : Optional.of("waiting for the infrastructure of " + environment.name()
                        + ": the exports it imports are missing there: " + String.join(", ", missing));
    }

    private Optional<String> versionMissing(String required, Environment environment) {
        Optional<Release> wanted = repository.byVersion(ReleaseTrack.INFRASTRUCTURE, required);
        List<Release> applied = repository.appliedIn(environment.name(), ReleaseTrack.INFRASTRUCTURE);
        String newest = applied.isEmpty()
                ? "none has been released there yet"
                : "the newest there is " + applied.get(0).version();
        if (wanted.isEmpty()) {
            return Optional.of("waiting for infrastructure release " + required + ", which Sluice has not seen yet ("
                    + newest + ")");
        }
        if (applied.isEmpty() || builtAt(applied.get(0)) < wanted.get().sequence()) {
            return Optional.of("waiting for infrastructure release " + required + " (or newer) in " + environment.name()
                    + "; " + newest);
        }
        return Optional.empty();
    }

    /**
     * Where the content a release carries first appeared: a rollback is a new release of an older
     * version, and counts as that older one.
     */
    private long builtAt(Release release) {
        return repository
                .byVersion(ReleaseTrack.INFRASTRUCTURE, release.version())
                .map(Release::sequence)
                .orElse(release.sequence());
    }

    static List<String> importedExports(String template, String environment) {
        Matcher m = IMPORT.matcher(template);
        TreeSet<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(environment + m.group(1));
        }
        return List.copyOf(names);
    }

    /** The CloudFormation exports of the environment's account and region, by name. */
    Map<String, String> exports(Environment environment) {
        Map<String, String> exports = new HashMap<>();
        try (AccountSession session = clients.openSession(environment, "sluice-release-check")) {
            String token = null;
            do {
                String current = token;
                ListExportsResponse page = clients.cloudFormation(environment)
                        .listExports(r -> r.nextToken(current).overrideConfiguration(session.asCaller()));
                page.exports().forEach(e -> exports.put(e.name(), e.value()));
                token = page.nextToken();
            } while (token != null);
        }
        return exports;
    }
}
