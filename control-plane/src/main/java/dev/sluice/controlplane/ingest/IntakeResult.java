package dev.sluice.controlplane.ingest;

/** What recording a group of arrivals did. */
public record IntakeResult(int recorded, int duplicates, int ignored) {

    IntakeResult plus(IntakeResult other) {
        return new IntakeResult(recorded + other.recorded, duplicates + other.duplicates, ignored + other.ignored);
    }
}
