package dev.sluice.processor.internal.csv;

import java.io.InputStream;
import java.nio.charset.Charset;

/**
 * A text file as UTF-8 bytes, whatever its encoding and compression: {@code head} is the start of
 * {@code utf8} (already included in it), for sniffing; {@code source} counts the bytes taken from
 * the file and the decompressed bytes read, for reports and progress.
 */
public record DecodedInput(InputStream utf8, byte[] head, Charset charset, boolean bom, SourceInput source) {}
