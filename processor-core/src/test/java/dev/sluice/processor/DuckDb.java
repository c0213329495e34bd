package dev.sluice.processor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads Parquet back with DuckDB, the independent reader of the tests (as Athena would). */
public final class DuckDb {

    private DuckDb() {}

    /** Rows of {@code SELECT <select> FROM read_parquet(file)} as column label to value maps. */
    public static List<Map<String, Object>> rows(Path parquet, String select) {
        return query("SELECT " + select + " FROM read_parquet('" + sqlPath(parquet) + "')");
    }

    /** Rows of {@code SELECT <select> FROM read_parquet(file) WHERE <where>}. */
    public static List<Map<String, Object>> rows(Path parquet, String select, String where) {
        return query("SELECT " + select + " FROM read_parquet('" + sqlPath(parquet) + "') WHERE " + where);
    }

    /** Column name to DuckDB type, in file order. */
    public static Map<String, String> types(Path parquet) {
        Map<String, String> types = new LinkedHashMap<>();
        for (Map<String, Object> row : query("DESCRIBE SELECT * FROM read_parquet('" + sqlPath(parquet) + "')")) {
            types.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return types;
    }

    /** Key-value metadata of the file. */
    public static Map<String, String> keyValueMetadata(Path parquet) {
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map<String, Object> row : query(
                "SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('" + sqlPath(parquet) + "')")) {
            meta.put((String) row.get("k"), (String) row.get("v"));
        }
        return meta;
    }

    public static List<Map<String, Object>> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement st = c.createStatement()) {
            st.execute("SET threads=1");
            st.execute("SET TimeZone='UTC'");
            try (ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData md = rs.getMetaData();
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        row.put(md.getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static String sqlPath(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
