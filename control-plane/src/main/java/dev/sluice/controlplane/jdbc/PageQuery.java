package dev.sluice.controlplane.jdbc;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One page of a table for the API, newest first: {@code SELECT … WHERE id < cursor [AND filters]
 * ORDER BY id DESC LIMIT n}. Keyset paging, so a page costs the same however deep it is and rows
 * added meanwhile never shift it. Filters left empty add nothing.
 */
public final class PageQuery {

    private final StringBuilder sql;
    private final List<Object> params = new ArrayList<>();

    private PageQuery(String columns, String table, long before) {
        this.sql = new StringBuilder("SELECT " + columns + " FROM " + table + " WHERE id < ?");
        params.add(before);
    }

    /** The rows of {@code table} with an id below {@code before}. */
    public static PageQuery select(String columns, String table, long before) {
        return new PageQuery(columns, table, before);
    }

    /** {@code column = value}; an enum compares by its name. */
    public PageQuery equal(String column, Optional<?> value) {
        value.ifPresent(v -> add(column + " = ?", v instanceof Enum<?> e ? e.name() : v));
        return this;
    }

    /** {@code since <= column < until}, each bound when present. */
    public PageQuery between(String column, Optional<Instant> since, Optional<Instant> until) {
        since.ifPresent(t -> add(column + " >= ?", Timestamp.from(t)));
        until.ifPresent(t -> add(column + " < ?", Timestamp.from(t)));
        return this;
    }

    public <T> List<T> list(JdbcClient jdbc, int limit, RowMapper<T> rows) {
        List<Object> all = new ArrayList<>(params);
        all.add(limit);
        return jdbc.sql(sql + " ORDER BY id DESC LIMIT ?")
                .params(all)
                .query(rows)
                .list();
    }

    private void add(String condition, Object value) {
        sql.append(" AND ").append(condition);
        params.add(value);
    }
}
