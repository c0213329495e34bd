package dev.sluice.controlplane.runs;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.glue.*}: what the runs feature tells about Glue runs: their price and where their logs are.
 *
 * @param pricePerDpuHour what a DPU-hour costs in the account's region (Glue's list price is 0.44 USD)
 * @param currency the currency of the price
 * @param logGroup the CloudWatch log group of the job's continuous logs; {@code {environment}} is the
 *     pipeline's environment (application.yaml creates {@code /aws-glue/jobs/sluice-<environment>})
 */
@Validated
@ConfigurationProperties("sluice.glue")
public record GlueProperties(
        @DefaultValue("0.44") @NotNull @DecimalMin("0") BigDecimal pricePerDpuHour,

        @DefaultValue("USD") @NotBlank @Pattern(regexp = "[A-Z]{3}")
        String currency,

        @DefaultValue("/aws-glue/jobs/sluice-{environment}") @NotBlank
        String logGroup) {}
