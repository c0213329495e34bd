package dev.sluice.controlplane.releases;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What CI sends to start a release.
 *
 * @param track infrastructure or application
 * @param commit the git commit the build is of; with the track, the release's identity
 * @param version the label people see (e.g. 1.4.0 or 2026.11.25-abc1234)
 * @param requiresInfrastructure for an application release: the infrastructure release (its version)
 *     that must be applied in an environment before it
 */
public record ReleaseRequest(
        @NotBlank @Schema(allowableValues = {"infrastructure", "application"})
        String track,

        @NotBlank @Pattern(regexp = "[0-9a-fA-F]{7,40}", message = "must be a git commit id (7-40 hex digits)")
        String commit,

        @NotBlank
        @Size(max = 128)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._+-]*", message = "must be letters, digits and . _ + -")
        String version,

        @Size(max = 128) String requiresInfrastructure,
        @NotNull @Valid Artifacts artifacts) {

    /**
     * @param template the stack's CloudFormation template (infrastructure.yaml or application.yaml)
     * @param parameters the stack's parameters per environment, a JSON object such as
     *     {@code {"dev": {"InputPrefix": "incoming/"}, "prod": {...}}} with a section for every
     *     environment of the path; without it, the configured parameter files are used
     * @param glueJobJar the glue-job jar; application releases only
     */
    public record Artifacts(
            @NotNull @Valid Artifact template,
            @Valid Artifact parameters,
            @Valid Artifact glueJobJar) {}

    /**
     * One artifact: at an {@code s3://} URI, or uploaded as the multipart part of the same name
     * (then without uri); its SHA-256 is checked either way.
     */
    public record Artifact(
            @Size(max = 2048) String uri,

            @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be a SHA-256 in hex (64 digits)")
            String sha256) {}
}
