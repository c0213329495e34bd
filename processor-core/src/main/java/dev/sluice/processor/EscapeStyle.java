package dev.sluice.processor;

/** How a quote character is written inside a quoted field. */
public enum EscapeStyle {
    /** RFC 4180: {@code "say ""hi"""}. */
    DOUBLED,
    /** {@code "say \"hi\""}; a backslash escapes any character. */
    BACKSLASH
}
