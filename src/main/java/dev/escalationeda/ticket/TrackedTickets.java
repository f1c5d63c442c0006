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

    private final DataSource dataSource;

    public TrackedTickets(@Named("stateDataSource") DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void track(String issueKey, String requestId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO tracked_ticket (issue_key, request_id, created_at) VALUES (?, ?, ?)")) {
            insert.setString(1, issueKey);
            insert.setString(2, requestId);
            insert.setTimestamp(3, Timestamp.from(Instant.now()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot track ticket " + issueKey, e);
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
