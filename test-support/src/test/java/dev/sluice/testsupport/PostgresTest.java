package dev.sluice.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class PostgresTest {

    @Test
    void givesEachCallerItsOwnEmptyDatabaseOnARealServer() throws Exception {
        Postgres postgres = Postgres.shared();
        String first = postgres.newDatabase();
        String second = postgres.newDatabase();

        assertThat(first).isNotEqualTo(second);
        try (var connection = DriverManager.getConnection(first, postgres.user(), postgres.password());
                ResultSet rs = connection.createStatement().executeQuery("SELECT version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("PostgreSQL");
        }
    }
}
