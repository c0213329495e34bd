package dev.sluice.processor;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * How a CSV file is written, as found by sniffing or given by options.
 *
 * @param lineEnding the first line end seen: {@code "LF"}, {@code "CRLF"}, {@code "CR"}, or
 *     {@code "NONE"} for a single line without one
 */
public record Dialect(
        char delimiter,
        char quote,
        EscapeStyle escape,
        boolean header,
        Charset charset,
        boolean bom,
        String lineEnding) {

    public Dialect {
        Objects.requireNonNull(escape, "escape");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(lineEnding, "lineEnding");
    }

    /** The delimiter as people write it: {@code ,}, {@code ;}, {@code \t}, {@code |}. */
    public String delimiterName() {
        return delimiter == '\t' ? "\\t" : String.valueOf(delimiter);
    }
}
