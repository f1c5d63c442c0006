package dev.escalationeda.escalation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.escalationeda.persistence.ColumnText;
import dev.escalationeda.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Escalations in the state database. Every change to a pending escalation happens under its row
 * lock: the sender holds it while it mails, and a decision takes it to cancel, so one waits for the
 * other and neither acts on what the other has just changed.
 */
@ApplicationScoped
public class EscalationStore {

    /** The width of escalation.last_error. */
    private static final int MAX_ERROR_LENGTH = 1000;
    private static final String LOCKED_COLUMNS = "id, request_id, level, recipient, state, attempts, waiting_since, mailed_at";

    private final DataSource dataSource;
    private final EscalationConfig config;

    public EscalationStore(@Named("stateDataSource") DataSource dataSource, EscalationConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * Schedules every level of the chain for a request whose approval is asked for at {@code since},
     * in the caller's transaction. Levels already scheduled stay as they are.
     */
    public void schedule(Connection connection, String requestId, Instant since) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO escalation "
                + "(request_id, level, recipient, state, due_at, next_attempt_at, waiting_since) "
                + "SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM escalation WHERE request_id = ? AND level = ?)")) {
            List<EscalationConfig.Level> chain = config.chain();
            for (int index = 0; index < chain.size(); index++) {
                int level = index + 1;
                OffsetDateTime due = time(since.plus(chain.get(index).after()));
                insert.setString(1, requestId);
                insert.setInt(2, level);
                insert.setString(3, chain.get(index).to());
                insert.setString(4, EscalationState.PENDING.value());
                insert.setObject(5, due);
                insert.setObject(6, due);
                insert.setObject(7, time(since));
                insert.setString(8, requestId);
                insert.setInt(9, level);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Cancels what is still pending for a request, in the caller's transaction (waits for a sender that holds one). */
    public void cancelPending(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalation SET state = ?, next_attempt_at = NULL "
                + "WHERE request_id = ? AND state = ?")) {
            update.setString(1, EscalationState.CANCELLED.value());
            update.setString(2, requestId);
            update.setString(3, EscalationState.PENDING.value());
            update.executeUpdate();
        }
    }

    /** Escalations with work to do by {@code horizon}, soonest first. */
    public List<DueEscalation> dueBy(Instant horizon, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id, next_attempt_at FROM escalation "
                        + "WHERE next_attempt_at <= ? ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY")) {
            select.setObject(1, time(horizon));
            select.setInt(2, limit);
            List<DueEscalation> due = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(new DueEscalation(rows.getLong(1), rows.getObject(2, OffsetDateTime.class).toInstant()));
                }
            }
            return due;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the escalations coming due", e);
        }
    }

    /**
     * Locks those of {@code ids} that have work to do at {@code now}, in the caller's transaction, in
     * id order (the order they were scheduled in); left out are the ones with none (done, cancelled,
     * retried later) and those another sender holds.
     */
    public List<LockedEscalation> lockDue(Connection connection, List<Long> ids, Instant now) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + LOCKED_COLUMNS + " FROM escalation "
                + "WHERE id = ANY(?) AND next_attempt_at <= ? ORDER BY id FOR UPDATE SKIP LOCKED")) {
            select.setArray(1, connection.createArrayOf("BIGINT", ids.toArray()));
            select.setObject(2, time(now));
            List<LockedEscalation> locked = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    locked.add(new LockedEscalation(row.getLong("id"), row.getString("request_id"), row.getInt("level"),
                            row.getString("recipient"), EscalationState.of(row.getString("state")), row.getInt("attempts"),
                            row.getObject("waiting_since", OffsetDateTime.class).toInstant(),
                            instant(row.getObject("mailed_at", OffsetDateTime.class))));
                }
            }
            return locked;
        }
    }

    /** Moves a locked escalation on: {@code next} is when the sender works on it again, null when never. */
    public void advance(Connection connection, long id, EscalationState state, Instant next, Instant mailedAt) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalation SET state = ?, next_attempt_at = ?, "
                + "attempts = 0, last_error = NULL, mailed_at = COALESCE(?, mailed_at) WHERE id = ?")) {
            update.setString(1, state.value());
            update.setObject(2, next == null ? null : time(next));
            update.setObject(3, mailedAt == null ? null : time(mailedAt));
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    /** Records a failed attempt on a locked escalation; it stays in its state and is tried again at {@code next}. */
    public void retryLater(Connection connection, long id, int attempts, Instant next, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE escalation SET attempts = ?, next_attempt_at = ?, "
                + "last_error = ? WHERE id = ?")) {
            update.setInt(1, attempts);
            update.setObject(2, time(next));
            update.setString(3, ColumnText.fit(error, MAX_ERROR_LENGTH));
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    /** Runs {@code work} in one transaction on the state database (see {@link Transactions#inTransaction}). */
    public <T> T inTransaction(String failure, Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, failure, work);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
