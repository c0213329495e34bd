package dev.sluice.processor;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * The one entry point of processor-core: converts a CSV file into a Parquet file, keeping the
 * rows it cannot convert. Configure it with {@link #builder()}; instances are immutable and
 * thread-safe, one conversion per {@link #convert} call.
 */
public final class CsvConversion {

    private final Builder options;

    private CsvConversion(Builder options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Converts {@code csv} into {@code parquet}.
     *
     * @throws ConversionException when the file as a whole cannot be converted; the message names the file
     */
    public ConversionReport convert(Path csv, Path parquet) {
        Objects.requireNonNull(csv, "csv");
        Objects.requireNonNull(parquet, "parquet");
        throw new UnsupportedOperationException("not built yet");
    }

    /** Options of a conversion. Every setter returns a new, independent builder. */
    public static final class Builder {
        private String sourceUri;
        private String processingJob = "sluice-convert";
        private Instant processedAt;
        private Path rejects;

        private Builder() {}

        private Builder copy() {
            Builder b = new Builder();
            b.sourceUri = sourceUri;
            b.processingJob = processingJob;
            b.processedAt = processedAt;
            b.rejects = rejects;
            return b;
        }

        /** The value of {@code source_file}; defaults to the input's {@code file:} URI. */
        public Builder sourceUri(String sourceUri) {
            Builder b = copy();
            b.sourceUri = Objects.requireNonNull(sourceUri, "sourceUri");
            return b;
        }

        /** The value of {@code processing_job}: job name and run id. */
        public Builder processingJob(String processingJob) {
            Builder b = copy();
            b.processingJob = Objects.requireNonNull(processingJob, "processingJob");
            return b;
        }

        /** The value of {@code processed_at}, one for the whole run; defaults to the start of the conversion. */
        public Builder processedAt(Instant processedAt) {
            Builder b = copy();
            b.processedAt = Objects.requireNonNull(processedAt, "processedAt");
            return b;
        }

        /** Where rejected rows go (CSV with line number, reason and raw text); none are kept when unset. */
        public Builder rejects(Path rejects) {
            Builder b = copy();
            b.rejects = Objects.requireNonNull(rejects, "rejects");
            return b;
        }

        public CsvConversion build() {
            return new CsvConversion(copy());
        }
    }
}
