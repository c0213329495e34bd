package dev.sluice.controlplane.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Parquet back with DuckDB, an independent reader, as Athena would read it. */
public final class Parquet {

    private Parquet() {}

    /** Column name to DuckDB type, in file order. */
    public static Map<String, String> schema(Path file) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        query("DESCRIBE SELECT * FROM read_parquet('" + file + "')", rs -> {
            columns.put(rs.getString("column_name"), rs.getString("column_type"));
        });
        return columns;
    }

    /** Every row as a map of column name to the value DuckDB reads, in file order. */
    public static List<Map<String, Object>> rows(Path file) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        // union_by_name: a glob may cover files of one table written with different columns
        query("SELECT * FROM read_parquet('" + file + "', union_by_name = true)", rs -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
            }
            rows.add(row);
        });
        return rows;
    }

    private interface RowHandler {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void query(String sql, RowHandler handler) throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = duckdb.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                handler.accept(rs);
            }
        }
    }
}
