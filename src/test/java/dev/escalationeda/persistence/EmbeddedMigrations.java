package dev.escalationeda.persistence;

import java.util.UUID;

import org.flywaydb.core.Flyway;

/** A fresh in-memory embedded database, migrated step by step as an upgrade would. */
final class EmbeddedMigrations {

    final String url = "jdbc:h2:mem:upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    void migrateTo(String version) {
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration", "classpath:db/h2").target(version).load().migrate();
    }
}
