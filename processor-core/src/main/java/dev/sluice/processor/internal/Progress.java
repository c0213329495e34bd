package dev.sluice.processor.internal;

/** How often progress is reported. */
final class Progress {

    static final long STEP = 16L << 20;

    private Progress() {}
}
