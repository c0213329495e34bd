package dev.sluice.processor;

import java.time.Duration;

/** What one conversion did. */
public record ConversionReport(
        String sourceUri, long rowsRead, long rowsWritten, long rowsRejected, long bytesRead, Duration duration) {}
