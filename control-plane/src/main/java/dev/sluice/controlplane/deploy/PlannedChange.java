package dev.sluice.controlplane.deploy;

import java.util.Optional;

/**
 * One line of a plan: a resource CloudFormation will add, modify, remove or replace, or a stack
 * parameter whose value changes.
 *
 * @param action Add, Modify, Remove, Import, Dynamic for resources; Change, Add, Remove for parameters
 * @param replacement True, False or Conditional for modified resources
 * @param details what changes and why: the properties and the parameters causing them, or old → new
 */
public record PlannedChange(
        Kind kind,
        String action,
        String logicalId,
        Optional<String> physicalId,
        Optional<String> resourceType,
        Optional<String> replacement,
        Optional<String> details) {

    public enum Kind {
        RESOURCE,
        PARAMETER
    }
}
