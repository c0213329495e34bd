package dev.sluice.controlplane.jdbc;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * One page of a list, newest first. {@code nextCursor} is passed back as {@code cursor} for the
 * next, older page; it is null on the last page.
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** The page of a query that asked for {@code limit} items ordered by descending id. */
    public static <T> Page<T> of(List<T> items, int limit, ToLongFunction<T> id) {
        String next = items.size() == limit && !items.isEmpty()
                ? Long.toString(id.applyAsLong(items.get(items.size() - 1)))
                : null;
        return new Page<>(List.copyOf(items), next);
    }
}
