package dev.sluice.processor.cli;

import dev.sluice.processor.ColumnProfile;
import dev.sluice.processor.Compression;
import dev.sluice.processor.ConversionException;
import dev.sluice.processor.ConversionReport;
import dev.sluice.processor.CsvConversion;
import dev.sluice.processor.EscapeStyle;
import dev.sluice.processor.Inspection;
import dev.sluice.processor.OnError;
import dev.sluice.processor.Schema;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code sluice-convert convert IN OUT [options]} and {@code sluice-convert inspect IN [--json]}.
 * Exit status: 0 success, 1 the conversion failed, 2 wrong usage.
 */
public final class Cli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: sluice <command> [arguments]

            commands:
              convert IN OUT [options]   convert the CSV file IN into the Parquet file OUT
              inspect IN [options]       show what IN would become (dialect, columns, types), writing nothing

            run 'sluice convert --help' or 'sluice inspect --help' for a command's options
            """;

    private static final String READING_OPTIONS = """
            reading options (all sniffed when absent):
              --delimiter C              , ; | or \\t (tab)
              --quote C                  " or '
              --escape doubled|backslash
              --header | --no-header
              --charset NAME             e.g. UTF-8, UTF-16, windows-1252
              --null TOKEN               a value meaning "no value"; repeat for more (default: "" NULL null N/A NA)
              --max-columns N            refuse files with more columns (default %d)
            """.formatted(CsvConversion.DEFAULT_MAX_COLUMNS);

    private static final String CONVERT_HELP = """
            usage: sluice convert IN OUT [options]
            converts the CSV file IN into the Parquet file OUT

            convert options:
              --job NAME                 value of processing_job (job name and run id)
              --source-uri URI           value of source_file (default: IN's file: URI)
              --report FILE              write the JSON conversion report to FILE
              --rejects FILE             write rejected rows (line, column, reason, raw) to FILE
              --on-error reject|fail     keep bad rows in the rejects (default) or stop at the first
              --max-reject-ratio R       fail when more than R (0..1) of the rows are rejected (default 0.1)
              --compression snappy|zstd|none   (default snappy)
              --row-group-size SIZE      e.g. 64MB (default), 128MB, 1GB
              --schema FILE              convert with this schema (JSON, as in the report) instead of inferring
              --threads N                N threads convert byte ranges of a large file at once (default 1)
            """ + READING_OPTIONS + """
            other:
              --quiet                    no progress on the terminal
              --help                     this text
            """;

    private static final String INSPECT_HELP = """
            usage: sluice inspect IN [options]
            shows what the CSV file IN would become: dialect, and per column name, type, nulls, example

            inspect options:
              --json                     print the inspection as JSON
            """ + READING_OPTIONS + """
            other:
              --help                     this text
            """;

    private Cli() {}

    public static void main(String[] args) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || isHelp(args[0]) || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String help = switch (args[0]) {
            case "convert" -> CONVERT_HELP;
            case "inspect" -> INSPECT_HELP;
            default -> null;
        };
        if (help != null && Arrays.stream(args).anyMatch(Cli::isHelp)) {
            out.print(help);
            return OK;
        }
        if (help != null && args.length == 1) {
            err.println("sluice: " + args[0] + " needs "
                    + (args[0].equals("convert")
                            ? "IN and OUT: the CSV file to read and the Parquet file to write"
                            : "IN: the CSV file to look at"));
            err.println();
            err.print(help);
            return USAGE;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (UsageException e) {
            err.println("sluice: " + e.getMessage());
            err.println(
                    help == null
                            ? "run 'sluice --help' for the commands"
                            : "run 'sluice " + args[0] + " --help' for its options");
            return USAGE;
        }
        try {
            return options.command.equals("convert") ? convert(options, out, err) : inspect(options, out);
        } catch (ConversionException e) {
            err.println("sluice: conversion failed: " + e.getMessage());
            return FAILED;
        } catch (IOException e) {
            err.println("sluice: " + e.getMessage());
            return FAILED;
        }
    }

    private static boolean isHelp(String arg) {
        return arg.equals("--help") || arg.equals("-h");
    }

    private static int convert(Options o, PrintStream out, PrintStream err) throws IOException {
        CsvConversion.Builder builder = o.builder();
        if (o.schema != null) {
            builder = builder.schema(Schema.fromJson(Files.readString(o.schema)));
        }
        boolean terminal = System.console() != null && !o.quiet;
        if (terminal) {
            builder = builder.progress(new TerminalProgress(err));
        }
        ConversionReport report = builder.build().convert(o.input, o.output);
        if (terminal) {
            err.print("\r\033[K");
        }
        if (o.report != null) {
            Files.writeString(o.report, report.toJson(), StandardCharsets.UTF_8);
        }
        out.println(String.format(
                Locale.ROOT,
                "converted %s -> %s: %d rows read, %d written, %d rejected, %d columns, %s in %.2f s (%.1f MB/s)",
                o.input,
                o.output,
                report.rowsRead(),
                report.rowsWritten(),
                report.rowsRejected(),
                report.schema().size(),
                report.compressedSource()
                        ? size(report.bytesRead()) + " "
                                + report.sourceCompression().label() + " (" + size(report.uncompressedBytes())
                                + " of CSV)"
                        : size(report.bytesRead()),
                report.duration().toNanos() / 1e9,
                report.megabytesPerSecond()));
        if (!report.oneThread().isEmpty()) {
            err.println("sluice convert: on one thread: " + report.oneThread());
        }
        return OK;
    }

    private static String size(long bytes) {
        if (bytes < 10_000) {
            return bytes + " bytes";
        }
        return bytes < 10_000_000
                ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    private static int inspect(Options o, PrintStream out) {
        Inspection inspection = o.builder().build().inspect(o.input);
        if (o.json) {
            out.print(inspection.toJson());
            return OK;
        }
        var d = inspection.dialect();
        out.printf(
                Locale.ROOT,
                "%s: %d rows (%d would be rejected); delimiter '%s', quote '%s', escape %s, header %s, %s%s, line end %s%n",
                o.input,
                inspection.rows(),
                inspection.rowsRejected(),
                d.delimiterName(),
                d.quote(),
                d.escape().name().toLowerCase(Locale.ROOT),
                d.header() ? "yes" : "no",
                d.charset().name(),
                d.bom() ? " with BOM" : "",
                d.lineEnding());
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"original name", "name", "type", "nulls", "example"});
        for (ColumnProfile c : inspection.columns()) {
            String type = c.type().toString();
            if (!c.column().dateOrder().pattern().isEmpty()) {
                type += " " + c.column().dateOrder().pattern();
            }
            table.add(new String[] {
                c.originalName(),
                c.name(),
                type,
                Long.toString(c.nullCount()),
                c.example().map(Cli::shorten).orElse("")
            });
        }
        printTable(out, table);
        return OK;
    }

    private static String shorten(String s) {
        String one = s.replace("\r", "\\r").replace("\n", "\\n");
        return one.length() > 40 ? one.substring(0, 39) + "…" : one;
    }

    private static void printTable(PrintStream out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.println(line);
        }
    }

    /** Wrong usage: exit status 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** The parsed command line. */
    static final class Options {
        String command;
        Path input;
        Path output;
        Path report;
        Path schema;
        boolean json;
        boolean quiet;
        CsvConversion.Builder builder = CsvConversion.builder();
        private final List<String> nulls = new ArrayList<>();

        CsvConversion.Builder builder() {
            return nulls.isEmpty() ? builder : builder.nullTokens(nulls);
        }

        static Options parse(String[] args) throws UsageException {
            Options o = new Options();
            o.command = args[0];
            if (!o.command.equals("convert") && !o.command.equals("inspect")) {
                throw new UsageException("unknown command '" + o.command + "' (convert or inspect)");
            }
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    positional.add(arg);
                    continue;
                }
                String name = arg;
                String inline = null;
                int eq = arg.indexOf('=');
                if (eq > 0) {
                    name = arg.substring(0, eq);
                    inline = arg.substring(eq + 1);
                }
                if (isFlag(name)) {
                    o.flag(name);
                    continue;
                }
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args[++i];
                }
                o.option(name, value);
            }
            int wanted = o.command.equals("convert") ? 2 : 1;
            if (positional.size() != wanted) {
                throw new UsageException(o.command + " takes " + (wanted == 2 ? "IN and OUT" : "IN") + ", got "
                        + positional.size() + " file argument(s)");
            }
            o.input = Path.of(positional.get(0));
            if (!Files.isRegularFile(o.input)) {
                throw new UsageException("no such file: " + o.input);
            }
            if (wanted == 2) {
                o.output = Path.of(positional.get(1));
            }
            if (o.json && !o.command.equals("inspect")) {
                throw new UsageException("--json belongs to inspect; convert writes JSON with --report FILE");
            }
            return o;
        }

        private static boolean isFlag(String name) {
            return switch (name) {
                case "--json", "--header", "--no-header", "--quiet" -> true;
                default -> false;
            };
        }

        private void flag(String name) {
            switch (name) {
                case "--json" -> json = true;
                case "--header" -> builder = builder.header(true);
                case "--no-header" -> builder = builder.header(false);
                case "--quiet" -> quiet = true;
                default -> throw new IllegalStateException(name);
            }
        }

        private void option(String name, String value) throws UsageException {
            try {
                switch (name) {
                    case "--job" -> builder = builder.processingJob(value);
                    case "--source-uri" -> builder = builder.sourceUri(value);
                    case "--report" -> report = Path.of(value);
                    case "--rejects" -> builder = builder.rejects(Path.of(value));
                    case "--schema" -> schema = Path.of(value);
                    case "--on-error" -> builder = builder.onError(choice(name, value, OnError.class));
                    case "--max-reject-ratio" -> builder = builder.maxRejectRatio(Double.parseDouble(value));
                    case "--compression" ->
                        builder = builder.compression(
                                value.equalsIgnoreCase("none")
                                        ? Compression.UNCOMPRESSED
                                        : choice(name, value, Compression.class));
                    case "--row-group-size" -> builder = builder.rowGroupBytes(bytes(value));
                    case "--delimiter" -> builder = builder.delimiter(character(name, value));
                    case "--quote" -> builder = builder.quote(character(name, value));
                    case "--escape" -> builder = builder.escape(choice(name, value, EscapeStyle.class));
                    case "--charset" -> builder = builder.charset(Charset.forName(value));
                    case "--null" -> nulls.add(value);
                    case "--threads" -> builder = builder.threads(Integer.parseInt(value));
                    case "--max-columns" -> builder = builder.maxColumns(Integer.parseInt(value));
                    default -> throw new UsageException("unknown option " + name);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException(name + " " + value + ": " + e.getMessage());
            }
        }

        private static char character(String name, String value) throws UsageException {
            String v = switch (value) {
                case "\\t", "tab", "TAB" -> "\t";
                default -> value;
            };
            if (v.length() != 1) {
                throw new UsageException(name + " takes one character, got '" + value + "'");
            }
            return v.charAt(0);
        }

        private static <E extends Enum<E>> E choice(String name, String value, Class<E> type) throws UsageException {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT));
            }
            throw new UsageException(name + " takes one of " + String.join("|", names) + ", got '" + value + "'");
        }

        static long bytes(String value) throws UsageException {
            String v = value.trim().toUpperCase(Locale.ROOT);
            long unit = 1;
            for (String[] u : new String[][] {{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
                if (v.endsWith(u[0])) {
                    unit = Long.parseLong(u[1]);
                    v = v.substring(0, v.length() - u[0].length()).trim();
                    break;
                }
            }
            try {
                return Math.multiplyExact(Long.parseLong(v), unit);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new UsageException("not a size: '" + value + "' (e.g. 64MB)");
            }
        }
    }
}
