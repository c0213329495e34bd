package dev.sluice.controlplane.deploy;

import java.util.List;

/** A deployment with its plan (the change list) and every stack event recorded while applying it. */
public record DeploymentDetail(Deployment deployment, List<PlannedChange> changes, List<StackEvent> events) {}
