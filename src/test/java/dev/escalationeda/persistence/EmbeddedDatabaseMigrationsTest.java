package dev.escalationeda.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

/** The service gives the embedded database the shared migrations and H2's own (db/h2), not PostgreSQL's. */
@QuarkusTest
class EmbeddedDatabaseMigrationsTest {

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Test
    void theEmbeddedDatabaseHasH2sOwnMigrationsAndNotPostgresqls() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("H2");
            List<String> applied = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT \"script\" FROM \"flyway_schema_history\" WHERE \"success\"")) {
                while (rows.next()) {
                    applied.add(rows.getString(1));
                }
            }
            assertThat(applied).contains("db/migration/V12__namespace_request_idempotency_keys.sql", "db/h2/V14__finished_stages_not_emitted.sql")
                    .noneMatch(script -> script.startsWith("db/postgresql/"));
            try (ResultSet index = statement.executeQuery(
                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'STAGE_RUN_BY_EMISSION'")) {
                assertThat(index.next()).isTrue();
                assertThat(index.getInt(1)).isEqualTo(1);
            }
        }
    }
}
