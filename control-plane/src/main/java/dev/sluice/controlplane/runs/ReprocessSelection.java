package dev.sluice.controlplane.runs;

import java.time.Instant;
import java.util.List;

/**
 * Which recorded files of a pipeline to convert again: exactly one of explicit file ids, a key
 * prefix, or a received-at range {@code [receivedFrom, receivedTo)}.
 */
record ReprocessSelection(List<Long> fileIds, String prefix, Instant receivedFrom, Instant receivedTo) {

    /** How many files one request may select; a larger backfill is several requests. */
    static final int MAX_FILES = 10_000;

    /** The times a database column holds on every supported database. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * @throws InvalidSelectionException naming the field when the selection is not exactly one kind
     *     or not a usable one
     */
    void validate() {
        boolean byIds = fileIds != null;
        boolean byPrefix = prefix != null;
        boolean byTime = receivedFrom != null || receivedTo != null;
        int kinds = (byIds ? 1 : 0) + (byPrefix ? 1 : 0) + (byTime ? 1 : 0);
        if (kinds != 1) {
            throw new InvalidSelectionException(
                    "selection",
                    "give exactly one of fileIds, prefix, or receivedFrom and receivedTo (got "
                            + (kinds == 0 ? "none" : kinds + " kinds") + ")");
        }
        if (byIds) {
            if (fileIds.isEmpty()) {
                throw new InvalidSelectionException("fileIds", "must not be empty");
            }
            if (fileIds.size() > MAX_FILES) {
                throw new InvalidSelectionException(
                        "fileIds", "at most " + MAX_FILES + " per request, got " + fileIds.size());
            }
            if (fileIds.stream().anyMatch(id -> id == null)) {
                throw new InvalidSelectionException("fileIds", "must not contain null");
            }
        }
        if (byPrefix && prefix.isBlank()) {
            throw new InvalidSelectionException(
                    "prefix", "must not be blank (to select everything, give a time range)");
        }
        if (byPrefix && prefix.length() > 1024) {
            throw new InvalidSelectionException("prefix", "longer than an S3 key (1024 characters)");
        }
        if (byPrefix && prefix.chars().anyMatch(c -> c == 0)) {
            // PostgreSQL text cannot hold NUL, so no recorded key has one.
            throw new InvalidSelectionException("prefix", "must not contain the NUL character");
        }
        if (byTime) {
            if (receivedFrom == null) {
                throw new InvalidSelectionException("receivedFrom", "required with receivedTo");
            }
            if (receivedTo == null) {
                throw new InvalidSelectionException("receivedTo", "required with receivedFrom");
            }
            checkRange("receivedFrom", receivedFrom);
            checkRange("receivedTo", receivedTo);
            if (!receivedFrom.isBefore(receivedTo)) {
                throw new InvalidSelectionException("receivedTo", "must be after receivedFrom (" + receivedFrom + ")");
            }
        }
    }

    private static void checkRange(String field, Instant value) {
        if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new InvalidSelectionException(field, "must be between " + EARLIEST + " and " + LATEST);
        }
    }

    /** What the run records as its origin. */
    String describe() {
        if (fileIds != null) {
            return fileIds.size() == 1 ? "file id " + fileIds.get(0) : fileIds.size() + " file ids";
        }
        if (prefix != null) {
            return "prefix '" + prefix + "'";
        }
        return "received from " + receivedFrom + " to " + receivedTo;
    }

    static final class InvalidSelectionException extends RuntimeException {
        private final String field;

        InvalidSelectionException(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        String field() {
            return field;
        }
    }
}
