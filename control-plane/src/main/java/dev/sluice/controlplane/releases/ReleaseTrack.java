package dev.sluice.controlplane.releases;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.sluice.controlplane.deploy.StackKind;
import java.util.Arrays;
import java.util.Locale;

/** What a release carries, as the repositories it comes from: the infrastructure or the application. */
public enum ReleaseTrack {
    /** The infrastructure template (and the environments' parameters). */
    INFRASTRUCTURE(StackKind.INFRASTRUCTURE),
    /** The glue-job jar and the application template, which imports the infrastructure's exports. */
    APPLICATION(StackKind.APPLICATION);

    private final StackKind stack;

    ReleaseTrack(StackKind stack) {
        this.stack = stack;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public StackKind stack() {
        return stack;
    }

    public static ReleaseTrack parse(String track) {
        return Arrays.stream(values())
                .filter(t -> t.id().equals(track))
                .findFirst()
                .orElseThrow(() -> new InvalidReleaseRequestException(
                        "track", "must be infrastructure or application, was '" + track + "'"));
    }
}
