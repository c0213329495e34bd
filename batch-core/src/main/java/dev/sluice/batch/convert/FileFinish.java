package dev.sluice.batch.convert;

import java.io.Serializable;
import java.util.Objects;

/**
 * The second step for one file, once the batch's schema is known: its staged conversion is copied
 * into the table when it was made with that schema, else the file is converted again with it.
 *
 * @param schemaJson the batch's schema to convert again with; unused when promoting
 */
public record FileFinish(FileTask task, FileOutcome staged, boolean reconvert, String schemaJson)
        implements Serializable {

    public FileFinish {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(staged, "staged");
        Objects.requireNonNull(schemaJson, "schemaJson");
    }

    public static FileFinish promote(FileTask task, FileOutcome staged) {
        return new FileFinish(task, staged, false, "");
    }

    public static FileFinish reconvert(FileTask task, FileOutcome staged, String schemaJson) {
        return new FileFinish(task, staged, true, schemaJson);
    }

    public FileOutcome run() {
        if (!reconvert) {
            return task.promote(staged);
        }
        FileOutcome again = task.convertFinal(schemaJson);
        return again.withFiles(again.parquet(), again.rejects(), staged.millis())
                .noted(staged.note());
    }

    public long size() {
        return task.size();
    }
}
