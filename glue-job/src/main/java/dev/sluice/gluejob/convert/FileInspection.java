package dev.sluice.gluejob.convert;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the typing pass over one file found: its schema as processor-core's JSON, or why the file
 * cannot be converted at all ({@code error} not empty, {@code schemaJson} empty).
 */
public record FileInspection(int index, String schemaJson, long rows, String error) implements Serializable {

    public FileInspection {
        Objects.requireNonNull(schemaJson, "schemaJson");
        Objects.requireNonNull(error, "error");
    }

    static FileInspection failed(int index, String error) {
        return new FileInspection(index, "", 0, error);
    }

    public boolean ok() {
        return error.isEmpty();
    }
}
