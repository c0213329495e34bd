package dev.sluice.processor.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keys that tell header names apart even when a header repeats one: the second {@code a} is
 * {@code a} + its occurrence, so that columns of different files match name and occurrence.
 */
final class ColumnKeys {

    private ColumnKeys() {}

    static List<String> of(List<String> names) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> keys = new ArrayList<>(names.size());
        for (String name : names) {
            int n = seen.merge(name, 1, Integer::sum);
            keys.add(n == 1 ? name : name + "\u0000" + n);
        }
        return keys;
    }
}
