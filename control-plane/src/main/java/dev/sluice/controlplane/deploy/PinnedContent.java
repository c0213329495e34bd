package dev.sluice.controlplane.deploy;

import java.util.Optional;

/**
 * The exact content a deployment applies instead of the configured template and jar: a release's
 * template and glue-job jar, by their SHA-256 digests (hex), read through {@link PinnedArtifacts}.
 */
public record PinnedContent(String templateDigest, Optional<String> jarDigest) {}
