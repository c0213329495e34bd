package dev.sluice.controlplane.deploy;

import java.util.Optional;

/**
 * The exact content a deployment applies instead of the configured template, jar and parameter
 * file: a release's, by their SHA-256 digests (hex), read through {@link PinnedArtifacts}.
 *
 * @param parametersDigest the release's parameter file; empty to use the configured one
 */
public record PinnedContent(String templateDigest, Optional<String> jarDigest, Optional<String> parametersDigest) {}
