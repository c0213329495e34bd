package dev.sluice.processor.internal.csv;

/** Input that cannot be split into records at all from some line on. */
public final class MalformedCsvException extends RuntimeException {

    private final long line;

    public MalformedCsvException(String message, long line) {
        super(message);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
