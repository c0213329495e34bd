package dev.sluice.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file planned as byte ranges, each converted into its own Parquet file (as Spark tasks would),
 * gives in the union of those files the rows of a one-thread conversion (DuckDB {@code EXCEPT
 * ALL} both ways), with its schema, metadata, counts, rejected rows and failures.
 */
class RangePlanTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

    @TempDir
    Path dir;

    private final CsvConversion conversion =
            CsvConversion.builder().processedAt(AT).processingJob("range-test").build();

    @Test
    void aFileThatIsOneRangeSaysWhy() throws IOException {
        StringBuilder text = new StringBuilder("id,name\n");
        for (int i = 0; i < 5_000; i++) {
            text.append(i).append(",name ").append(i).append('\n');
        }
        Path plain = Files.writeString(dir.resolve("plain.csv"), text);
        Path gzip = dir.resolve("plain.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        Path cr = Files.writeString(dir.resolve("cr.csv"), text.toString().replace('\n', '\r'));
        Path latin = Files.writeString(
                dir.resolve("latin.csv"), text.toString().replace("name", "n\u00e4me"), StandardCharsets.ISO_8859_1);

        assertThat(conversion.planRanges(plain, 4 << 10).uncut()).isEmpty();
        assertThat(conversion.planRanges(plain, 1 << 20).uncut())
                .contains("it is not larger than one range (1048576 bytes)");
        assertThat(conversion.planRanges(gzip, 4 << 10).uncut())
                .contains("it is gzip-compressed, and a compressed stream is read from its start");
        assertThat(conversion.planRanges(cr, 4 << 10).uncut())
                .contains("its lines end in CR, and only LF and CRLF files are cut");
        assertThat(conversion.planRanges(latin, 4 << 10).uncut())
                .hasValueSatisfying(why -> assertThat(why).endsWith(" text, and only UTF-8 files are cut"));
    }

    @Test
    void theUnionOfTheRangesFilesIsTheOneThreadFile() throws IOException {
        Path csv = mixed("mixed.csv", 40_000, false, false);
        RangePlan plan = conversion.planRanges(csv, 128 << 10);
        assertThat(plan.ranges()).hasSizeGreaterThan(10);
        assertThat(plan.ranges().get(0).start()).isZero();
        assertThat(plan.ranges().get(plan.ranges().size() - 1).end()).isEqualTo(Files.size(csv));

        // a score past the first records has a digit more than theirs: the ranges are written twice
        RangePlan.Combined first =
                plan.combine(convertAll(plan, new ArrayList<>())).orElseThrow();
        assertThat(first.confirmed()).isFalse();
        plan = plan.withSchema(first.schema());
        List<Path> parts = new ArrayList<>();
        List<Path> spools = new ArrayList<>();
        List<RangeResult> results = convertAll(plan, parts, spools);
        ConversionReport single = CsvConversion.builder()
                .processedAt(AT)
                .processingJob("range-test")
                .rejects(dir.resolve("single-rejects.csv"))
                .build()
                .convert(csv, dir.resolve("single.parquet"));

        RangePlan.Combined combined = plan.combine(results).orElseThrow();
        assertThat(results).allMatch(RangeResult::complete);
        assertThat(combined.confirmed()).isTrue();
        assertThat(combined.schema()).isEqualTo(single.schema());
        assertThat(List.of(combined.rowsRead(), combined.rowsWritten(), combined.rowsRejected()))
                .isEqualTo(List.of(single.rowsRead(), single.rowsWritten(), single.rowsRejected()));
        assertThat(combined.rowsRejected()).isEqualTo(2);
        assertThat(combined.rejectSamples()).isEqualTo(single.rejectSamples());
        assertSameRows(parts, dir.resolve("single.parquet"));
        assertThat(plan.schema()).isEqualTo(single.schema());
        // the rejected rows, placed at their lines in the file, are the one-thread rejects file
        plan.writeRejects(combined, spools, dir.resolve("rejects.csv"));
        assertThat(Files.readString(dir.resolve("rejects.csv")))
                .isEqualTo(Files.readString(dir.resolve("single-rejects.csv")));
    }

    @Test
    void aTaskRebuildsThePlanFromItsSpecWithOnlyTheBytesOfItsRange() throws Exception {
        Path csv = mixed("spec.csv", 40_000, false, false);
        RangePlan speculative = conversion.planRanges(csv, 128 << 10);
        RangePlan plan = speculative.withSchema(speculative
                .combine(convertAll(speculative, new ArrayList<>()))
                .orElseThrow()
                .schema());
        RangePlan.Spec spec = roundTrip(plan.spec());
        List<Path> parts = new ArrayList<>();
        List<RangeResult> results = new ArrayList<>();
        byte[] bytes = Files.readAllBytes(csv);
        for (RangePlan.ByteRange r : plan.ranges()) {
            // the range's bytes and the next 64 KB at their place; the rest of the copy is a hole
            Path copy = dir.resolve("spec-copy-" + r.index() + ".csv");
            int until = (int) Math.min(bytes.length, r.end() + (64 << 10));
            try (var channel = java.nio.channels.FileChannel.open(
                    copy, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(bytes, (int) r.start(), until - (int) r.start()), r.start());
            }
            Path part = dir.resolve("spec." + r.index() + ".parquet");
            results.add(conversion.rangePlan(copy, spec).convert(r.index(), part));
            parts.add(part);
        }
        conversion.convert(csv, dir.resolve("single.parquet"));

        RangePlan.Combined combined = plan.combine(results).orElseThrow();
        assertThat(combined.confirmed()).isTrue();
        assertSameRows(parts, dir.resolve("single.parquet"));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (var in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void aValuePastTheSampleThatDoesNotFitWidensTheSchemaOfEveryRange() throws IOException {
        Path csv = mixed("widen.csv", 40_000, true, false);
        RangePlan plan = conversion.planRanges(csv, 128 << 10);
        RangePlan.Combined first =
                plan.combine(convertAll(plan, new ArrayList<>())).orElseThrow();
        assertThat(first.confirmed()).isFalse();
        assertThat(first.schema()).isNotEqualTo(plan.schema());

        RangePlan again = plan.withSchema(first.schema());
        List<Path> parts = new ArrayList<>();
        RangePlan.Combined second = again.combine(convertAll(again, parts)).orElseThrow();
        assertThat(second.confirmed()).isTrue();
        ConversionReport single = conversion.convert(csv, dir.resolve("single.parquet"));

        assertThat(second.schema()).isEqualTo(single.schema());
        assertThat(DuckDb.types(parts.get(0))).containsEntry("quantity", "DECIMAL(3,1)");
        assertSameRows(parts, dir.resolve("single.parquet"));
    }

    @Test
    void aBatchSchemaIsUsedAsGiven() throws IOException {
        Path csv = mixed("given.csv", 20_000, false, false);
        Schema schema = conversion.inferSchema(List.of(csv));
        CsvConversion given = CsvConversion.builder()
                .processedAt(AT)
                .processingJob("range-test")
                .schema(schema)
                .build();
        RangePlan plan = given.planRanges(csv, 64 << 10);
        List<Path> parts = new ArrayList<>();
        assertThat(plan.combine(convertAll(plan, parts))).isPresent();
        given.convert(csv, dir.resolve("single.parquet"));

        assertThat(plan.schema()).isEqualTo(schema);
        assertSameRows(parts, dir.resolve("single.parquet"));
    }

    @Test
    void aFailureInALaterRangeNamesItsLineInTheWholeFile() throws IOException {
        Path csv = mixed("fail.csv", 40_000, false, false);
        CsvConversion failing =
                CsvConversion.builder().processedAt(AT).onError(OnError.FAIL).build();
        String single = null;
        try {
            failing.convert(csv, dir.resolve("single.parquet"));
        } catch (ConversionException e) {
            single = e.getMessage();
        }
        assertThat(single).matches(".*fail\\.csv: line \\d+: expected 10 fields, found 11");

        RangePlan plan = failing.planRanges(csv, 128 << 10);
        List<RangeResult> results = convertAll(plan, new ArrayList<>());
        // the bad row is in a later range, whose lines count from its own start
        assertThat(results)
                .filteredOn(r -> r.failure().isPresent())
                .extracting(RangeResult::index)
                .isNotEmpty()
                .allSatisfy(k -> assertThat(k).isGreaterThan(0));
        assertThatThrownBy(() -> plan.combine(results)).hasMessage(single);
    }

    @Test
    void cutsInsideQuotedLineBreaksAreNotProvenAndTheWholeFileIsOneRange() throws IOException {
        Path csv = mixed("multiline.csv", 20_000, false, true);
        RangePlan plan = conversion.planRanges(csv, 32 << 10);
        assertThat(plan.ranges()).hasSizeGreaterThan(5);

        assertThat(plan.combine(convertAll(plan, new ArrayList<>()))).isEmpty();

        RangePlan whole = plan.whole();
        assertThat(whole.ranges()).hasSize(1);
        List<Path> parts = new ArrayList<>();
        assertThat(whole.combine(convertAll(whole, parts))).isPresent();
        conversion.convert(csv, dir.resolve("single.parquet"));
        assertSameRows(parts, dir.resolve("single.parquet"));
    }

    @Test
    void cutsMovedToWhereTheRangeBeforeStoppedAreProvenConvertingOnlyTheirRangesAgain() throws IOException {
        Path csv = mixed("realign.csv", 20_000, false, true);
        RangePlan plan = conversion.planRanges(csv, 32 << 10);
        java.util.Map<Integer, RangeResult> results = new java.util.TreeMap<>();
        java.util.Map<Integer, Path> parts = new java.util.TreeMap<>();
        List<Integer> rerun = new ArrayList<>();
        for (RangePlan.ByteRange r : plan.ranges()) {
            results.put(r.index(), convert(plan, r.index(), parts));
        }
        assertThat(plan.combine(List.copyOf(results.values()))).isEmpty();

        java.util.Optional<RangePlan.Combined> combined = java.util.Optional.empty();
        for (int round = 0; round < 4 && combined.isEmpty(); round++) {
            RangePlan moved = plan.realign(List.copyOf(results.values())).orElseThrow();
            for (int k = 1; k < plan.ranges().size(); k++) {
                if (moved.ranges().get(k).start() != plan.ranges().get(k).start()) {
                    results.put(k, convert(moved, k, parts));
                    rerun.add(k);
                }
            }
            plan = moved;
            combined = plan.combine(List.copyOf(results.values()));
        }

        assertThat(combined).isPresent();
        assertThat(rerun).hasSizeLessThan(2 * plan.ranges().size());
        conversion.convert(csv, dir.resolve("single.parquet"));
        assertSameRows(List.copyOf(parts.values()), dir.resolve("single.parquet"));
    }

    private RangeResult convert(RangePlan plan, int k, java.util.Map<Integer, Path> parts) {
        Path part = dir.resolve(
                plan.csv().getFileName() + "." + k + "." + plan.ranges().get(k).start() + ".parquet");
        RangeResult r = plan.convert(k, part);
        parts.put(k, part);
        return r;
    }

    @Test
    void thePublicCorporaConvertedAsTinyRangeTasksGiveTheOneThreadFilesAndRejects() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String suite : List.of("csv-spectrum/csvs", "commons-csv-fileparser/CSVFileParser")) {
            try (java.util.stream.Stream<Path> list = Files.list(Corpora.resolve(suite))) {
                list.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".txt"))
                        .sorted()
                        .forEach(files::add);
            }
        }
        assertThat(files).hasSizeGreaterThan(20);
        int split = 0;
        int cut = 0;
        for (Path csv : files) {
            String name = csv.getFileName().toString();
            Path single = dir.resolve(name + ".single.parquet");
            Path singleRejects = dir.resolve(name + ".single-rejects.csv");
            CsvConversion one = CsvConversion.builder()
                    .processedAt(AT)
                    .processingJob("range-test")
                    .rejects(singleRejects)
                    .build();
            String refused = null;
            try {
                one.convert(csv, single);
            } catch (ConversionException e) {
                refused = e.getMessage();
            }
            java.util.Optional<List<Path>> parts;
            try {
                RangePlan plan = conversion.planRanges(csv, 8);
                if (plan.ranges().size() > 1) {
                    cut++;
                }
                parts = asTasks(plan, name, dir.resolve(name + ".rejects.csv"));
            } catch (ConversionException e) {
                assertThat(e.getMessage()).as(name).isEqualTo(refused);
                continue;
            }
            if (parts.isEmpty()) {
                continue; // converted whole, as one task: the one-thread file by construction
            }
            assertThat(refused).as(name).isNull();
            assertSameRows(parts.get(), single);
            assertThat(Files.exists(dir.resolve(name + ".rejects.csv"))).isEqualTo(Files.exists(singleRejects));
            if (Files.exists(singleRejects)) {
                assertThat(Files.readString(dir.resolve(name + ".rejects.csv")))
                        .as(name)
                        .isEqualTo(Files.readString(singleRejects));
            }
            split += parts.get().size() > 1 ? 1 : 0;
        }
        // of 24 files, 21 are cut into 8-byte ranges; 7 are proven as ranges, the others have
        // records longer than a range (converted whole) or are refused alike
        assertThat(cut).isGreaterThan(15);
        assertThat(split).isGreaterThanOrEqualTo(5);
    }

    /**
     * What a driver does with range tasks: moves unproven cuts (a few times), converts again with
     * the schema of all values, and places the rejected rows; empty when the file is to be converted
     * whole.
     */
    private java.util.Optional<List<Path>> asTasks(RangePlan plan, String name, Path rejects) {
        java.util.Map<Integer, RangeResult> results = new java.util.TreeMap<>();
        java.util.Map<Integer, Path> parts = new java.util.TreeMap<>();
        java.util.Map<Integer, Path> spools = new java.util.TreeMap<>();
        for (int pass = 0; pass < 8; pass++) {
            for (RangePlan.ByteRange r : plan.ranges()) {
                Path part = dir.resolve(name + "." + r.index() + "." + r.start() + "." + pass + ".parquet");
                if (!results.containsKey(r.index())) {
                    Path spool = dir.resolve(part.getFileName() + ".spool");
                    results.put(r.index(), plan.convert(r.index(), part, spool));
                    parts.put(r.index(), part);
                    spools.put(r.index(), spool);
                }
            }
            java.util.Optional<RangePlan.Combined> combined = plan.combine(List.copyOf(results.values()));
            if (combined.isEmpty()) {
                java.util.Optional<RangePlan> moved = plan.realign(List.copyOf(results.values()));
                if (moved.isEmpty()) {
                    return java.util.Optional.empty();
                }
                for (int k = 0; k < plan.ranges().size(); k++) {
                    if (moved.get().ranges().get(k).start()
                            != plan.ranges().get(k).start()) {
                        results.remove(k);
                    }
                }
                plan = moved.get();
            } else if (!combined.get().confirmed()) {
                plan = plan.withSchema(combined.get().schema());
                results.clear();
            } else {
                if (combined.get().rowsRejected() > 0) {
                    plan.writeRejects(combined.get(), List.copyOf(spools.values()), rejects);
                }
                return java.util.Optional.of(List.copyOf(parts.values()));
            }
        }
        return java.util.Optional.empty();
    }

    @Test
    void aFileThatCannotBeCutIsOneRange() throws IOException {
        Path csv = dir.resolve("latin1.csv");
        StringBuilder s = new StringBuilder("id;name\n");
        for (int i = 0; i < 20_000; i++) {
            s.append(i).append(";caf\u00e9 ").append(i).append('\n');
        }
        Files.writeString(csv, s, StandardCharsets.ISO_8859_1);

        RangePlan plan = conversion.planRanges(csv, 16 << 10);

        assertThat(plan.ranges()).hasSize(1);
        List<Path> parts = new ArrayList<>();
        assertThat(plan.combine(convertAll(plan, parts))).isPresent();
        conversion.convert(csv, dir.resolve("single.parquet"));
        assertSameRows(parts, dir.resolve("single.parquet"));
    }

    private List<RangeResult> convertAll(RangePlan plan, List<Path> parts) {
        return convertAll(plan, parts, new ArrayList<>());
    }

    /** @param spools filled in range order */
    private List<RangeResult> convertAll(RangePlan plan, List<Path> parts, List<Path> spools) {
        List<RangeResult> results = new ArrayList<>();
        // in reverse: the order of the tasks does not matter
        for (int k = plan.ranges().size() - 1; k >= 0; k--) {
            String name =
                    plan.csv().getFileName() + "." + k + "." + plan.ranges().size();
            Path part = dir.resolve(name + ".parquet");
            Path spool = dir.resolve(name + ".rejects");
            RangeResult r = plan.convert(k, part, spool);
            results.add(r);
            spools.add(0, spool);
            if (r.failure().isEmpty()) {
                parts.add(part);
            }
        }
        return results;
    }

    private static void assertSameRows(List<Path> parts, Path single) {
        String union = parts.stream()
                .map(p -> "'" + p.toAbsolutePath().toString().replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "read_parquet([", "])"));
        String one = "read_parquet('" + single.toAbsolutePath().toString().replace("'", "''") + "')";
        for (Path part : parts) {
            assertThat(DuckDb.types(part)).isEqualTo(DuckDb.types(single));
            assertThat(DuckDb.keyValueMetadata(part)).isEqualTo(DuckDb.keyValueMetadata(single));
        }
        assertThat(count("SELECT * FROM " + union + " EXCEPT ALL SELECT * FROM " + one))
                .isZero();
        assertThat(count("SELECT * FROM " + one + " EXCEPT ALL SELECT * FROM " + union))
                .isZero();
        assertThat(count("SELECT * FROM " + union)).isEqualTo(count("SELECT * FROM " + one));
    }

    private static long count(String sql) {
        return ((Number) DuckDb.query("SELECT count(*) AS n FROM (" + sql + ")")
                        .get(0)
                        .get("n"))
                .longValue();
    }

    /**
     * Ids, names, money, quantities, booleans, timestamps, dates, categories, doubles with empties,
     * free text with quoted commas and doubled quotes (and, with {@code lineBreaks}, a quoted line
     * break in most rows); two rows with a field too many, past the first range. With {@code
     * widen}, one quantity past the sample is a decimal.
     */
    private Path mixed(String name, int rows, boolean widen, boolean lineBreaks) throws IOException {
        Path csv = dir.resolve(name);
        SplittableRandom r = new SplittableRandom(23);
        String[] names = {"Ada", "Grace", "Linus", "\u00c9milie", "Ken", "Barbara"};
        String[] categories = {"books", "garden", "toys", "food"};
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("id,name,amount,quantity,paid,created,day,category,score,comment\n");
            for (int i = 1; i <= rows; i++) {
                w.write(i + "," + names[r.nextInt(names.length)] + ",");
                w.write(r.nextInt(100_000) + "." + (10 + r.nextInt(90)) + ",");
                w.write((widen && i == 30_000 ? "2.5" : Integer.toString(r.nextInt(50))) + ",");
                w.write((r.nextBoolean() ? "true" : "false") + ",");
                w.write(String.format(
                        "2024-%02d-%02dT%02d:%02d:%02dZ,",
                        1 + r.nextInt(12), 1 + r.nextInt(28), r.nextInt(24), r.nextInt(60), r.nextInt(60)));
                w.write(String.format("2023-%02d-%02d,", 1 + r.nextInt(12), 1 + r.nextInt(28)));
                w.write(categories[r.nextInt(categories.length)] + ",");
                w.write((r.nextInt(10) == 0 ? "" : Double.toString(r.nextDouble() * 1000)) + ",");
                int kind = r.nextInt(10);
                if (lineBreaks && kind < 8) {
                    w.write("\"first\nsecond " + i + "\nthird\"");
                } else if (kind == 0) {
                    w.write("\"said \"\"hello\"\", twice\"");
                } else if (kind == 1) {
                    w.write("\"a, b and c " + i + "\"");
                } else {
                    w.write("plain text " + r.nextInt(1000));
                }
                if (i == 25_000 || i == 35_000) {
                    w.write(",extra");
                }
                w.write('\n');
            }
        }
        return csv;
    }
}
