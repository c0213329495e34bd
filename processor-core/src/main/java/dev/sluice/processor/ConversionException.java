package dev.sluice.processor;

/** A file that cannot be converted as a whole; the message names the file and, where known, the line. */
public class ConversionException extends RuntimeException {

    public ConversionException(String message) {
        super(message);
    }

    public ConversionException(String message, Throwable cause) {
        super(message, cause);
    }
}
