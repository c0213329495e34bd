package dev.sluice.controlplane.deploy;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.deploy.*}.
 *
 * @param glueJobJar the glue-job jar published with every application deployment (a Spring resource
 *     location; a {@code *} in the file name picks the newest match); read at each deployment, so
 *     a new build is picked up by the next one
 * @param templates where the templates and {@code environments/<name>.json} are read from
 * @param workers threads that run deployment steps; further deployments wait in a bounded queue
 */
@Validated
@ConfigurationProperties("sluice.deploy")
public record DeployProperties(
        @DefaultValue("file:glue-job/target/glue-job-*.jar") String glueJobJar,
        @DefaultValue("classpath:sluice/templates/") String templates,
        @Valid @NotNull @DefaultValue PollingPolicy polling,
        @Min(1) @Max(32) @DefaultValue("4") int workers) {}
