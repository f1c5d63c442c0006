package dev.escalationeda.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

/** The record of Jira deliveries in the state database (retention: the default 7 days). */
@QuarkusTest
class WebhookDeliveryRepositoryTest {

    private static final Duration PAST_RETENTION = Duration.ofDays(8);

    @Inject
    WebhookDeliveryRepository deliveries;

    @Inject
    @Named("stateDataSource")
    DataSource dataSource;

    @Test
    void thePurgeForgetsOldDeliveriesAndAbandonedClaimsButNothingRecent() throws SQLException {
        Instant old = Instant.now().minus(PAST_RETENTION);
        String oldDelivered = delivery("delivered", old, old);
        String abandonedClaim = delivery("claimed", old, null);
        String recentDelivered = delivery("delivered", Instant.now(), Instant.now());
        String claimInFlight = delivery("claimed", Instant.now(), null);

        assertThat(deliveries.purgeExpired()).isGreaterThanOrEqualTo(2);

        assertThat(deliveries.contains(oldDelivered)).isFalse();
        assertThat(deliveries.contains(abandonedClaim)).isFalse();
        assertThat(deliveries.contains(recentDelivered)).isTrue();
        assertThat(deliveries.contains(claimInFlight)).isTrue();
    }

    private String delivery(String state, Instant claimedAt, Instant deliveredAt) throws SQLException {
        String id = UUID.randomUUID().toString();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO webhook_delivery (delivery_id, state, claimed_at, delivered_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, state);
            insert.setTimestamp(3, Timestamp.from(claimedAt));
            insert.setTimestamp(4, deliveredAt == null ? null : Timestamp.from(deliveredAt));
            insert.executeUpdate();
        }
        return id;
    }
}
