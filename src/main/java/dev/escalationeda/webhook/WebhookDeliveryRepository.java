package dev.escalationeda.webhook;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import dev.escalationeda.persistence.Transactions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Persistent record of Jira deliveries for the Idempotent Consumer EIP (eager mode), shared by all
 * replicas through the database. Written here rather than using camel-sql's JdbcMessageIdRepository
 * because that one cannot tell a delivery in flight from a delivered one: a crash between claiming a
 * delivery and sending its events would leave it recorded and its events lost. Here a claim is
 * {@code claimed} until Camel confirms it; a claim older than the claim timeout belongs to a replica
 * that died and can be taken over by Jira's redelivery.
 */
@Singleton
@Named("webhookDeliveryRepository")
public class WebhookDeliveryRepository extends ServiceSupport implements IdempotentRepository {

    private static final String CLAIMED = "claimed";
    private static final String DELIVERED = "delivered";

    private final DataSource dataSource;
    private final WebhookConfig config;
    private final Clock clock;

    public WebhookDeliveryRepository(@Named("stateDataSource") DataSource dataSource, WebhookConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    /** Claims the delivery: true when this exchange is the one to process it. */
    @Override
    public boolean add(String deliveryId) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO webhook_delivery (delivery_id, state, claimed_at) VALUES (?, ?, ?)")) {
                insert.setString(1, deliveryId);
                insert.setString(2, CLAIMED);
                insert.setTimestamp(3, Timestamp.from(now));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!Transactions.isUniqueViolation(e)) {
                    throw e;
                }
            }
            try (PreparedStatement takeOver = connection.prepareStatement(
                    "UPDATE webhook_delivery SET claimed_at = ? WHERE delivery_id = ? AND state = ? AND claimed_at < ?")) {
                takeOver.setTimestamp(1, Timestamp.from(now));
                takeOver.setString(2, deliveryId);
                takeOver.setString(3, CLAIMED);
                takeOver.setTimestamp(4, Timestamp.from(now.minus(config.claimTimeout())));
                return takeOver.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim delivery " + deliveryId, e);
        }
    }

    /** The delivery's events all went out. */
    @Override
    public boolean confirm(String deliveryId) {
        return update("UPDATE webhook_delivery SET state = ?, delivered_at = ? WHERE delivery_id = ?",
                DELIVERED, Timestamp.from(clock.instant()), deliveryId) == 1;
    }

    /** Releases a claim whose processing failed, so that Jira's redelivery is processed again. */
    @Override
    public boolean remove(String deliveryId) {
        return update("DELETE FROM webhook_delivery WHERE delivery_id = ? AND state = ?", deliveryId, CLAIMED) == 1;
    }

    @Override
    public boolean contains(String deliveryId) {
        return state(deliveryId) != null;
    }

    /**
     * For a duplicate: fails unless the first delivery has been processed, so that a redelivery
     * arriving while the first one is still in flight (or died with its replica) is answered with
     * a retryable error instead of being dropped.
     */
    public void requireDelivered(String deliveryId) {
        if (!DELIVERED.equals(state(deliveryId))) {
            throw new DeliveryInProgressException(deliveryId);
        }
    }

    /**
     * Forgets deliveries older than the retention, Jira does not redeliver that late: those delivered,
     * and those whose claim was never confirmed nor released (a replica killed mid-delivery that Jira
     * gave up on, or a confirmation that failed after the events went out).
     */
    public int purgeExpired() {
        Timestamp cutoff = Timestamp.from(clock.instant().minus(config.deliveryRetention()));
        return update("DELETE FROM webhook_delivery WHERE (state = ? AND delivered_at < ?) OR (state = ? AND claimed_at < ?)",
                DELIVERED, cutoff, CLAIMED, cutoff);
    }

    @Override
    public void clear() {
        update("DELETE FROM webhook_delivery");
    }

    private String state(String deliveryId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT state FROM webhook_delivery WHERE delivery_id = ?")) {
            select.setString(1, deliveryId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read delivery " + deliveryId, e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update webhook deliveries", e);
        }
    }
}
