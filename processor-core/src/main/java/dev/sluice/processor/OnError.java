package dev.sluice.processor;

/** What a conversion does with a row it cannot convert. */
public enum OnError {
    /** Keep the row in the rejects file with its line and reason, and go on. */
    REJECT,
    /** Stop the conversion at the first such row; nothing is written. */
    FAIL
}
