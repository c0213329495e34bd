package dev.sluice.controlplane.support;

import dev.sluice.testsupport.Postgres;
import org.springframework.test.context.DynamicPropertyRegistry;

/** A fresh database on the shared real PostgreSQL for one Spring test context. */
public final class TestDatabase {

    private TestDatabase() {}

    public static void postgres(DynamicPropertyRegistry registry) {
        Postgres postgres = Postgres.shared();
        String url = postgres.newDatabase();
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", postgres::user);
        registry.add("spring.datasource.password", postgres::password);
    }
}
