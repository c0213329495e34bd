package dev.sluice.processor;

/**
 * How a DATE or TIMESTAMP column reads dates written {@code a/b/yyyy}. ISO dates ({@code
 * yyyy-MM-dd}) and dotted dates ({@code dd.MM.yyyy}) are always read.
 */
public enum DateOrder {
    /** Slash dates are not read: none were seen, or the data could not decide. */
    NONE,
    /** {@code dd/MM/yyyy}. */
    DAY_FIRST,
    /** {@code MM/dd/yyyy}. */
    MONTH_FIRST;

    public String pattern() {
        switch (this) {
            case DAY_FIRST:
                return "dd/MM/yyyy";
            case MONTH_FIRST:
                return "MM/dd/yyyy";
            default:
                return "";
        }
    }
}
