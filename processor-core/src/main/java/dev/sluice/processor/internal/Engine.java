package dev.sluice.processor.internal;

import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.Inspection;
import dev.sluice.processor.Schema;
import dev.sluice.processor.internal.csv.MalformedCsvException;
import dev.sluice.processor.internal.text.NullTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Runs conversions, inspections and batch schema inference for {@code CsvConversion}. */
public final class Engine {

    private Engine() {}

    public static ConversionReport convert(Path csv, Path parquet, Settings settings) {
        try {
            return new FileConversion(csv, parquet, settings).run();
        } catch (MalformedCsvException e) {
            throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        }
    }

    public static Inspection inspect(Path csv, Settings settings) {
        NullTokens nulls = new NullTokens(settings.nullTokens());
        try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
            SchemaInference inference = SchemaInference.of(file, nulls, settings);
            return new Inspection(
                    settings.sourceUri().orElse(csv.toUri().toString()),
                    file.dialect,
                    inference.rows(),
                    inference.badRows(),
                    inference.profiles());
        } catch (MalformedCsvException e) {
            throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
        } catch (IOException | UncheckedIOException e) {
            throw new ConversionException(csv + ": " + e.getMessage(), e);
        }
    }

    /** One schema for many files: every value of every file is seen, columns matched by name. */
    public static Schema inferSchema(List<Path> files, Settings settings) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to infer a schema from");
        }
        NullTokens nulls = new NullTokens(settings.nullTokens());
        SchemaInference merged = null;
        for (Path csv : files) {
            try (CsvFile file = CsvFile.open(csv, settings, Optional.empty(), nulls)) {
                SchemaInference one = SchemaInference.of(file, nulls, settings);
                if (merged == null) {
                    merged = one;
                } else {
                    merged.merge(one);
                }
            } catch (MalformedCsvException e) {
                throw new ConversionException(where(csv, e.line()) + e.getMessage(), e);
            } catch (IOException | UncheckedIOException e) {
                throw new ConversionException(csv + ": " + e.getMessage(), e);
            }
        }
        return merged.schema();
    }

    static String where(Path csv, long line) {
        return line > 0 ? csv + ": line " + line + ": " : csv + ": ";
    }
}
