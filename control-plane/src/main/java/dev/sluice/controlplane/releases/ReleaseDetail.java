package dev.sluice.controlplane.releases;

import dev.sluice.controlplane.deploy.PlannedChange;
import java.util.List;
import java.util.Map;

/** A release with the change set each stage planned, by environment. */
public record ReleaseDetail(Release release, Map<String, List<PlannedChange>> changes) {}
