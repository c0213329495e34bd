package dev.sluice.gluejob;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads Parquet back as Athena would, with an independent reader. */
public final class DuckDb {

    private DuckDb() {}

    /** The rows of a query, each value as DuckDB's text form (null stays null). */
    public static List<List<String>> query(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Column name and DuckDB type of each column of the files, in order. */
    public static List<String> describe(List<Path> parquet) {
        return query("DESCRIBE SELECT * FROM " + files(parquet)).stream()
                .map(r -> r.get(0) + " " + r.get(1))
                .toList();
    }

    /**
     * {@code read_parquet([...])} over the files, for a FROM clause; the partition directory's
     * {@code ingest_date=} is not read as a column, to see the files as they are.
     */
    public static String files(List<Path> parquet) {
        return "read_parquet(" + list(parquet) + ", hive_partitioning = false)";
    }

    /** The files as a DuckDB list literal. */
    public static String list(List<Path> parquet) {
        return "["
                + String.join(
                        ", ",
                        parquet.stream()
                                .map(p -> "'" + p.toString().replace("'", "''") + "'")
                                .toList())
                + "]";
    }
}
