package dev.sluice.controlplane.environments;

import java.util.List;

/**
 * The stacks Sluice keeps in every environment, by id (infrastructure, application), as the
 * deploy feature defines them. Declared here and implemented there because deploy depends on
 * environments: the environment list shows each stack without knowing how it is deployed.
 */
public interface SluiceStacks {

    List<String> ids();
}
