package dev.sluice.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads of one JSON object of a contract document; a wrong type names the field by its path
 * ({@code files[2].size}). Missing fields and {@code null} read as the default: readers tolerate
 * documents of older writers, and ignore fields of newer ones.
 */
final class Fields {

    private final Map<?, ?> object;
    private final String path;

    private Fields(Map<?, ?> object, String path) {
        this.object = object;
        this.path = path;
    }

    static Fields of(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException((path.isEmpty() ? "the document" : path) + " is not a JSON object");
        }
        return new Fields(map, path);
    }

    boolean has(String field) {
        return object.get(field) != null;
    }

    long requiredLong(String field) {
        if (!has(field)) {
            throw new IllegalArgumentException(name(field) + " is missing");
        }
        return longValue(field, 0);
    }

    long longValue(String field, long fallback) {
        Object v = object.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException(name(field) + " is " + v + ", not a whole number");
    }

    double doubleValue(String field, double fallback) {
        Object v = object.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException(name(field) + " is '" + v + "', not a number");
    }

    boolean bool(String field) {
        Object v = object.get(field);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException(name(field) + " is " + v + ", not true or false");
    }

    /** The text, or {@code null} when missing. */
    String text(String field) {
        Object v = object.get(field);
        if (v == null || v instanceof String) {
            return (String) v;
        }
        throw new IllegalArgumentException(name(field) + " is " + v + ", not a string");
    }

    Optional<String> optionalText(String field) {
        return Optional.ofNullable(text(field)).filter(s -> !s.isEmpty());
    }

    List<String> texts(String field) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < list(field).size(); i++) {
            Object v = list(field).get(i);
            if (!(v instanceof String s)) {
                throw new IllegalArgumentException(name(field) + "[" + i + "] is " + v + ", not a string");
            }
            result.add(s);
        }
        return result;
    }

    List<?> list(String field) {
        Object v = object.get(field);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(name(field) + " is not a JSON array");
    }

    Optional<Fields> object(String field) {
        Object v = object.get(field);
        return v == null ? Optional.empty() : Optional.of(of(v, name(field)));
    }

    Fields element(String field, int index) {
        return of(list(field).get(index), name(field) + "[" + index + "]");
    }

    /** The value as JSON text, for a document another codec reads (processor-core's schema). */
    Optional<String> json(String field) {
        Object v = object.get(field);
        return v == null ? Optional.empty() : Optional.of(Json.write(v).strip());
    }

    Map<?, ?> map() {
        return object;
    }

    String path(String field) {
        return name(field);
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
