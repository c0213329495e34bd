package dev.sluice.processor.internal;

import dev.sluice.processor.Compression;
import dev.sluice.processor.EscapeStyle;
import dev.sluice.processor.OnError;
import dev.sluice.processor.ProgressListener;
import dev.sluice.processor.Schema;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything a conversion was told; empty optionals mean "find out from the file". */
public record Settings(
        Optional<String> sourceUri,
        String processingJob,
        Optional<Instant> processedAt,
        Optional<Path> rejects,
        Optional<Character> delimiter,
        Optional<Character> quote,
        Optional<EscapeStyle> escape,
        Optional<Boolean> header,
        Optional<Charset> charset,
        List<String> nullTokens,
        OnError onError,
        double maxRejectRatio,
        Compression compression,
        long rowGroupBytes,
        int pageBytes,
        int maxRecordBytes,
        int maxColumns,
        Optional<Schema> schema,
        int threads,
        ProgressListener progress) {

    public static final List<String> DEFAULT_NULL_TOKENS = List.of("", "NULL", "null", "N/A", "NA");

    /** These settings for one part of a conversion: one thread, reporting to {@code listener}. */
    Settings forOnePart(ProgressListener listener) {
        return new Settings(
                sourceUri,
                processingJob,
                processedAt,
                rejects,
                delimiter,
                quote,
                escape,
                header,
                charset,
                nullTokens,
                onError,
                maxRejectRatio,
                compression,
                rowGroupBytes,
                pageBytes,
                maxRecordBytes,
                maxColumns,
                schema,
                1,
                listener);
    }
}
