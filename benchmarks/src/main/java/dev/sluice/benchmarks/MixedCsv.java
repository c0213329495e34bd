package dev.sluice.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the deterministic mixed-type CSV of the benchmark (same seed, same bytes): ids, names,
 * money amounts, quantities, booleans, timestamps, dates, categories, doubles with some empties,
 * free-text comments of which some hold quoted commas and doubled quotes. About 120 bytes a row.
 */
public final class MixedCsv {

    static final String HEADER =
            "order_id,customer_name,amount,quantity,is_paid,created_at,ship_date,category,discount_rate,comment\n";

    private static final String[] FIRST = {
        "Maria", "John", "Aiko", "Lars", "Fatima", "Chen", "Olga", "Pedro", "Amara", "Noah", "Zoe", "Ivan", "Leila",
        "Tomás", "Sofia", "Kwame"
    };
    private static final String[] LAST = {
        "Garcia",
        "Smith",
        "Tanaka",
        "Nilsson",
        "Haddad",
        "Wei",
        "Petrova",
        "Alves",
        "Okafor",
        "Müller",
        "Brown",
        "Kowalski",
        "Rossi",
        "Dubois",
        "Novak",
        "Jensen"
    };
    private static final String[] CATEGORY = {
        "books",
        "garden",
        "electronics",
        "toys",
        "grocery",
        "sports",
        "beauty",
        "automotive",
        "music",
        "office",
        "pets",
        "health"
    };
    private static final String[] WORDS = {
        "delivered",
        "late",
        "customer",
        "asked",
        "for",
        "gift",
        "wrap",
        "box",
        "damaged",
        "refund",
        "issued",
        "call",
        "back",
        "tomorrow",
        "left",
        "at",
        "door",
        "signed",
        "by",
        "neighbour",
        "express",
        "shipping",
        "upgrade",
        "discount",
        "applied",
        "loyal",
        "priority",
        "fragile",
        "handle",
        "with",
        "care"
    };

    private MixedCsv() {}

    /** {@code java -cp benchmarks/target/classes dev.sluice.benchmarks.MixedCsv FILE ROWS}: for the cold runs. */
    public static void main(String[] args) throws IOException {
        write(Path.of(args[0]), Long.parseLong(args[1]), 0);
    }

    /** Writes at least {@code rows} rows, then stops at the first row that reaches {@code minBytes}. */
    public static long write(Path file, long rows, long minBytes) throws IOException {
        SplittableRandom random = new SplittableRandom(20240601L);
        long written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(HEADER.getBytes(StandardCharsets.UTF_8));
            long bytes = HEADER.length();
            StringBuilder line = new StringBuilder(256);
            long i = 0;
            while (i < rows || bytes < minBytes) {
                i++;
                line.setLength(0);
                row(line, i, random);
                byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b);
                bytes += b.length;
            }
            written = i;
        }
        return written;
    }

    private static void row(StringBuilder s, long id, SplittableRandom r) {
        s.append(id).append(',');
        s.append(FIRST[r.nextInt(FIRST.length)])
                .append(' ')
                .append(LAST[r.nextInt(LAST.length)])
                .append(',');
        long cents = r.nextLong(1, 1_000_000);
        s.append(cents / 100).append('.');
        long c = cents % 100;
        s.append(c < 10 ? "0" : "").append(c).append(',');
        s.append(r.nextInt(1, 500)).append(',');
        s.append(r.nextBoolean() ? "true" : "false").append(',');
        int day = r.nextInt(0, 365 * 3);
        int second = r.nextInt(0, 86400);
        date(s, day);
        s.append('T');
        two(s, second / 3600).append(':');
        two(s, second / 60 % 60).append(':');
        two(s, second % 60).append("Z,");
        date(s, day + r.nextInt(1, 10));
        s.append(',');
        s.append(CATEGORY[r.nextInt(CATEGORY.length)]).append(',');
        if (r.nextInt(10) != 0) {
            s.append("0.").append(r.nextInt(1000, 99999));
        }
        s.append(',');
        comment(s, r);
        s.append('\n');
    }

    private static void comment(StringBuilder s, SplittableRandom r) {
        int kind = r.nextInt(10);
        int words = r.nextInt(3, 9);
        if (kind < 2) {
            s.append('"');
            for (int w = 0; w < words; w++) {
                s.append(w == 0 ? "" : w == 2 ? ", " : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
            if (kind == 0) {
                s.append(" \"\"urgent\"\"");
            }
            s.append('"');
        } else {
            for (int w = 0; w < words; w++) {
                s.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
            }
        }
    }

    private static void date(StringBuilder s, int dayOffset) {
        java.time.LocalDate d = java.time.LocalDate.of(2022, 1, 1).plusDays(dayOffset);
        s.append(d.getYear()).append('-');
        two(s, d.getMonthValue()).append('-');
        two(s, d.getDayOfMonth());
    }

    private static StringBuilder two(StringBuilder s, int v) {
        return s.append(v < 10 ? "0" : "").append(v);
    }
}
