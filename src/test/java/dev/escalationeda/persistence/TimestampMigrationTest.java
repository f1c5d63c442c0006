package dev.escalationeda.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;

/** Upgrading an embedded database across V10: instants written as local times before it read the same after it. */
class TimestampMigrationTest {

    @Test
    void claimsAndLeasesWrittenBeforeTheUpgradeKeepTheirInstants() throws SQLException {
        EmbeddedMigrations database = new EmbeddedMigrations();
        Instant claimed = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MICROS);
        database.migrateTo("9");
        try (Connection connection = DriverManager.getConnection(database.url, "sa", "");
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO webhook_delivery (delivery_id, state, claimed_at) VALUES ('before-upgrade', 'claimed', ?)")) {
            insert.setTimestamp(1, Timestamp.from(claimed));
            insert.executeUpdate();
        }

        database.migrateTo("10");

        try (Connection connection = DriverManager.getConnection(database.url, "sa", "");
                PreparedStatement select = connection.prepareStatement("SELECT claimed_at FROM webhook_delivery");
                ResultSet row = select.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(claimed);
        }
    }
}
