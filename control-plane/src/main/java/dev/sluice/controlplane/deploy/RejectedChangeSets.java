package dev.sluice.controlplane.deploy;

import dev.sluice.controlplane.environments.AccountClients;
import dev.sluice.controlplane.environments.AccountSession;
import dev.sluice.controlplane.environments.Environment;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Deletes the change set of a rejected or withdrawn deployment, so that nobody can execute it later by hand. */
@Component
class RejectedChangeSets {

    private static final Logger log = LoggerFactory.getLogger(RejectedChangeSets.class);

    private final AccountClients clients;
    private final DeploymentRepository repository;
    private final PollingPolicy polling;

    RejectedChangeSets(AccountClients clients, DeploymentRepository repository, DeployProperties properties) {
        this.clients = clients;
        this.repository = repository;
        this.polling = properties.polling();
    }

    void delete(Deployment deployment, Environment environment) {
        String changeSet = deployment.changeSet().orElseThrow().name();
        try (AccountSession session = clients.openSession(environment, "sluice-deploy-" + deployment.id())) {
            new CloudFormationStack(
                            clients.cloudFormation(environment),
                            session,
                            deployment.request().stackName(),
                            polling)
                    .deleteChangeSet(changeSet);
        } catch (RuntimeException e) {
            log.warn("deployment {}: could not delete rejected change set {}", deployment.id(), changeSet, e);
            String warning = "the withdrawn change set " + changeSet + " could not be deleted: " + e.getMessage();
            repository.update(deployment.id(), deployment.status(), (d, now) -> d.noting(Optional.of(warning)));
        }
    }
}
