package dev.escalationeda.request;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Which requests a worker is working on, so that two messages for one request (a decision arriving
 * during a step, a resume after a restart, a replica starting while another works) never run its
 * steps side by side. A worker holds its request in this replica and, with a lease in the state
 * database, against every other replica. A message that finds its request held here is dropped, but
 * remembered: the holder then goes round again on release, so the news it carried is never lost. One
 * held by another replica is dropped as well: that replica goes round on release, and what it did not
 * see is in the database, where the resume timer finds it once no replica holds the request.
 */
@ApplicationScoped
@Named("requestLocks")
public class RequestLocks {

    /** Held requests, and whether a message came for one while it was held. */
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();
    private final DataSource dataSource;
    private final RequestWorkConfig config;
    private final Clock clock;

    public RequestLocks(@Named("stateDataSource") DataSource dataSource, RequestWorkConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    public boolean tryAcquire(String requestId) {
        boolean[] acquired = {false};
        held.compute(requestId, (id, poked) -> {
            acquired[0] = poked == null;
            return !acquired[0];
        });
        if (acquired[0] && !lease(requestId)) {
            held.remove(requestId);
            return false;
        }
        return acquired[0];
    }

    /** @return whether a message came for the request while it was held */
    public boolean release(String requestId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE namespace_request SET worker_lease_until = NULL WHERE id = ?")) {
            update.setString(1, requestId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot let go of request " + requestId, e);
        }
        return Boolean.TRUE.equals(held.remove(requestId));
    }

    /** Takes the request's lease unless another replica holds it (and its lease has not run out). */
    private boolean lease(String requestId) {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE namespace_request SET worker_lease_until = ? "
                        + "WHERE id = ? AND (worker_lease_until IS NULL OR worker_lease_until < ?)")) {
            update.setTimestamp(1, Timestamp.from(now.plus(config.lease())));
            update.setString(2, requestId);
            update.setTimestamp(3, Timestamp.from(now));
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot hold request " + requestId, e);
        }
    }
}
