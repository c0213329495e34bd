package dev.sluice.controlplane.api;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.api.*}: limits of the HTTP API.
 *
 * @param maxJsonBody the largest JSON request body any endpoint reads; a larger one is answered 413
 *     before it is parsed (the largest legitimate body, a release request, is a few kilobytes)
 */
@Validated
@ConfigurationProperties("sluice.api")
public record ApiProperties(@DefaultValue("1MB") @NotNull DataSize maxJsonBody) {}
