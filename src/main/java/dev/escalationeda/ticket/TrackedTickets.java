package dev.escalationeda.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Jira issues the service opened for its own requests: issue key to request id. */
@ApplicationScoped
public class TrackedTickets {

    /**
     * The label of a request on its approval issue, before the request's id: a person sees which
     * request an issue is for, and the service finds the issue that an attempt whose answer was lost
     * opened (renaming it would lose those).
     */
    public static final String REQUEST_LABEL_PREFIX = "escalation-eda-request-";

    private final DataSource dataSource;

    public TrackedTickets(@Named("stateDataSource") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Tracks the issue in the caller's transaction. Tracking it again changes nothing: an earlier
     * version tracked it in a transaction of its own, and a crash could leave it tracked for a request
     * that had not recorded it.
     */
    public void track(Connection connection, String issueKey, String requestId, Instant trackedAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO tracked_ticket (issue_key, request_id, created_at) SELECT ?, ?, ? "
                        + "WHERE NOT EXISTS (SELECT 1 FROM tracked_ticket WHERE issue_key = ?)")) {
            insert.setString(1, issueKey);
            insert.setString(2, requestId);
            insert.setTimestamp(3, Timestamp.from(trackedAt));
            insert.setString(4, issueKey);
            insert.executeUpdate();
        }
    }

    public Optional<String> requestIdFor(String issueKey) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT request_id FROM tracked_ticket WHERE issue_key = ?")) {
            select.setString(1, issueKey);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up ticket " + issueKey, e);
        }
    }
}
