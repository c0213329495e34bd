package dev.sluice.controlplane.tables;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code sluice.tables.*}: how much of a run's output a data preview may show, and how many of an
 * Iceberg table's snapshots the table view lists. A preview answers from memory, so every
 * dimension is capped: rows, columns, and characters of one value.
 */
@Validated
@ConfigurationProperties("sluice.tables")
record TablesProperties(
        @DefaultValue("50") @Min(1) int previewRows,
        @DefaultValue("500") @Min(1) @Max(10_000) int previewMaxRows,
        @DefaultValue("100") @Min(1) int previewMaxColumns,
        @DefaultValue("500") @Min(16) int previewMaxValueChars,
        @DefaultValue("100") @Min(1) @Max(10_000) int icebergSnapshots) {}
