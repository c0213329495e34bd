package dev.sluice.processor.internal.csv;

import java.io.IOException;

/**
 * A compressed file whose data cannot be decompressed: cut short or damaged. The message names
 * the format and the byte offsets; the caller adds the file.
 */
public final class CorruptInputException extends IOException {

    CorruptInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
