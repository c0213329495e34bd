package dev.sluice.processor.internal.infer;

import dev.sluice.processor.Schema;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Makes header names Athena/Glue compatible: accents dropped, lower case, only {@code [a-z0-9_]}
 * with every run of other characters folded to one {@code _} (none at the ends unless the
 * original had them), a leading digit prefixed with {@code col_}, an empty name {@code col_<n>},
 * at most 255 characters, duplicates and clashes with the metadata columns suffixed {@code _2},
 * {@code _3}, ...
 */
public final class ColumnNames {

    public static final int MAX_LENGTH = 255;

    private static final Pattern GAP_CHARS = Pattern.compile("[^a-z0-9_]+");
    private static final Pattern GAP_RUNS = Pattern.compile("_*\u0000[_\u0000]*");
    private static final Pattern EDGE_GAPS = Pattern.compile("^\u0000|\u0000$");

    private ColumnNames() {}

    public static List<String> assign(List<String> originals) {
        Set<String> taken = new HashSet<>(Schema.METADATA_COLUMNS);
        List<String> names = new ArrayList<>(originals.size());
        for (int i = 0; i < originals.size(); i++) {
            String base = normalize(originals.get(i), i + 1);
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                String suffix = "_" + n;
                name = truncate(base, MAX_LENGTH - suffix.length()) + suffix;
            }
            names.add(name);
        }
        return names;
    }

    static String normalize(String original, int position) {
        String plain = Normalizer.normalize(original.trim(), Normalizer.Form.NFKD)
                .replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        // a gap is a run of characters Athena does not allow, with any underscores beside it
        String gaps = GAP_CHARS.matcher(plain).replaceAll("\u0000");
        gaps = GAP_RUNS.matcher(gaps).replaceAll("\u0000");
        String name = EDGE_GAPS.matcher(gaps).replaceAll("").replace('\u0000', '_');
        if (name.isEmpty() || name.chars().allMatch(c -> c == '_')) {
            return "col_" + position;
        }
        if (name.charAt(0) >= '0' && name.charAt(0) <= '9') {
            name = "col_" + name;
        }
        return truncate(name, MAX_LENGTH);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
