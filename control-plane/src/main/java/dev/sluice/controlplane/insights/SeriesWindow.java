package dev.sluice.controlplane.insights;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/** The windows a chart may show and the bucket each is cut into (a dozen to a few dozen points). */
enum SeriesWindow {
    HOUR("1h", Duration.ofHours(1), Duration.ofMinutes(5)),
    DAY("24h", Duration.ofHours(24), Duration.ofHours(1)),
    WEEK("7d", Duration.ofDays(7), Duration.ofHours(6)),
    MONTH("30d", Duration.ofDays(30), Duration.ofDays(1));

    final String label;
    final Duration length;
    final Duration bucket;

    SeriesWindow(String label, Duration length, Duration bucket) {
        this.label = label;
        this.length = length;
        this.bucket = bucket;
    }

    static Optional<SeriesWindow> of(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }

    int buckets() {
        return (int) (length.toSeconds() / bucket.toSeconds());
    }

    /** The window's end: {@code now} rounded up to a bucket edge, so buckets stay put between refreshes. */
    Instant end(Instant now) {
        long size = bucket.toSeconds();
        long seconds = now.getEpochSecond();
        return Instant.ofEpochSecond((seconds / size + 1) * size);
    }

    static String labels() {
        return String.join(", ", Arrays.stream(values()).map(w -> w.label).toList());
    }
}
