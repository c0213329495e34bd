package dev.sluice.controlplane.support;

import dev.sluice.testsupport.Postgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh database with Sluice's migrations applied, for tests of one repository without a Spring
 * context: in-memory H2 in the mode the embedded service runs it, or a new database on the shared
 * real PostgreSQL.
 */
public enum SliceDatabase {
    H2,
    POSTGRESQL;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    /** A new, migrated database; its statements are counted. */
    public CountingDataSource create() {
        DriverManagerDataSource plain = switch (this) {
            case H2 ->
                new DriverManagerDataSource(
                        "jdbc:h2:mem:slice" + DATABASES.incrementAndGet()
                                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
                        "sluice",
                        "");
            case POSTGRESQL -> {
                Postgres postgres = Postgres.shared();
                yield new DriverManagerDataSource(postgres.newDatabase(), postgres.user(), postgres.password());
            }
        };
        Flyway.configure()
                .dataSource(plain)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return new CountingDataSource(plain);
    }

    /**
     * Counts the statements prepared through it, so that a test can tell how many queries a call
     * takes (a query per row would show as many).
     */
    public static final class CountingDataSource {

        private final AtomicInteger statements = new AtomicInteger();
        private final DataSource dataSource;

        CountingDataSource(DataSource target) {
            this.dataSource = (DataSource) Proxy.newProxyInstance(
                    DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, forward(target, result -> {
                        if (result instanceof Connection connection) {
                            return Proxy.newProxyInstance(
                                    Connection.class.getClassLoader(),
                                    new Class<?>[] {Connection.class},
                                    counting(connection));
                        }
                        return result;
                    }));
        }

        public DataSource dataSource() {
            return dataSource;
        }

        /** Statements prepared or created since the last reset. */
        public int statements() {
            return statements.get();
        }

        public void reset() {
            statements.set(0);
        }

        private InvocationHandler counting(Connection connection) {
            return (proxy, method, args) -> {
                if (method.getName().equals("prepareStatement")
                        || method.getName().equals("createStatement")
                        || method.getName().equals("prepareCall")) {
                    statements.incrementAndGet();
                }
                return invoke(connection, method, args);
            };
        }

        private static InvocationHandler forward(Object target, java.util.function.UnaryOperator<Object> wrap) {
            return (proxy, method, args) -> wrap.apply(invoke(target, method, args));
        }

        private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
