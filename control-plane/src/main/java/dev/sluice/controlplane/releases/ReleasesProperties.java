package dev.sluice.controlplane.releases;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.releases.*}.
 *
 * @param path the environments a release goes through, in order (e.g. [dev, prod]); empty turns releases off
 * @param gates per environment of the path: an approval before applying, a smoke check after it
 * @param tick how often releases are moved on (also {@code sluice.releases.tick} for the scheduler)
 * @param artifacts directory for pinned glue-job jars; empty for {@code <sluice.home>/releases/artifacts}
 * @param artifactEndpoint endpoint for reading {@code s3://} artifacts (an emulator); empty for AWS
 * @param smokeSample the CSV a smoke check uploads
 * @param smokePrefix the input bucket prefix it is uploaded under (the pipeline's input prefix)
 * @param smokeTimeout how long a smoke check waits for its run to succeed
 */
@Validated
@ConfigurationProperties("sluice.releases")
public record ReleasesProperties(
        @DefaultValue List<@NotBlank String> path,
        @DefaultValue Map<String, @Valid @NotNull Gate> gates,
        @DefaultValue("2s") Duration tick,
        @DefaultValue("") String artifacts,
        URI artifactEndpoint,

        @DefaultValue("classpath:sluice/releases/smoke-sample.csv")
        String smokeSample,

        @DefaultValue("incoming/") String smokePrefix,
        @DefaultValue("15m") Duration smokeTimeout) {

    /** @param approval an approver other than the requester lets the stage apply */
    public record Gate(
            @DefaultValue("false") boolean approval,
            @DefaultValue("false") boolean smokeCheck) {}

    Gate gate(String environment) {
        return gates.getOrDefault(environment, new Gate(false, false));
    }
}
