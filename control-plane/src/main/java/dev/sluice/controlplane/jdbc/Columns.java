package dev.sluice.controlplane.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Reading and writing the columns Sluice's tables share the shape of: nullable texts, timestamps
 * with time zone (kept in UTC, read the same on H2 and PostgreSQL) and bounded messages.
 */
public final class Columns {

    /** The longest message a {@code varchar(4000)} column keeps. */
    private static final int MESSAGE_LIMIT = 4000;

    private Columns() {}

    public static Optional<String> optional(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    public static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The message as it fits its column, marked with "..." when cut. */
    public static String truncate(String text) {
        return text == null || text.length() <= MESSAGE_LIMIT ? text : text.substring(0, MESSAGE_LIMIT - 3) + "...";
    }
}
