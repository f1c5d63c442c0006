package dev.escalationeda.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.persistence.ColumnText;
import dev.escalationeda.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * The events on their way to the sink (table {@code event_outbox}): the stores add them in the
 * transaction of the change they report, the {@link EventRelay} locks, sends and deletes them.
 */
@ApplicationScoped
public class EventOutbox {

    private static final Logger LOG = Logger.getLogger(EventOutbox.class);
    private static final int MAX_ERROR_LENGTH = 1000;
    /**
     * How long an event whose stored JSON cannot be read waits before it is read again: it cannot
     * mend by itself, and it must not hold back the events after it.
     */
    private static final Duration UNREADABLE_RETRY = Duration.ofHours(1);
    private static final TypeReference<Map<String, String>> EXTENSIONS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper objectMapper;

    public EventOutbox(@Named("stateDataSource") DataSource dataSource, ObjectMapper objectMapper) {
        this.dataSource = dataSource;
        this.objectMapper = objectMapper;
    }

    /** Adds events in the caller's transaction: the relay sees them once it commits. */
    public void add(Connection connection, List<OutboundEvent> events, Instant now) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event_outbox "
                + "(event_id, type, source, subject, extensions, data, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            OffsetDateTime time = time(now);
            for (OutboundEvent event : events) {
                insert.setString(1, event.id());
                insert.setString(2, event.type());
                insert.setString(3, event.source());
                insert.setString(4, event.subject());
                insert.setString(5, json(event.extensions()));
                insert.setString(6, json(event.data()));
                insert.setObject(7, time);
                insert.setObject(8, time);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Runs {@code work} on up to {@code limit} events due at {@code now}, in the order they were
     * written, in one transaction that holds their row locks: another relay skips them, and a relay
     * that dies releases them with its connection.
     */
    public <T> T withDue(int limit, Instant now, Batch<T> work) {
        return Transactions.inTransaction(dataSource, "cannot relay the events of the outbox", connection -> {
            List<OutboxEntry> due = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT seq, event_id, type, source, subject, extensions, data, "
                    + "attempts FROM event_outbox WHERE next_attempt_at <= ? ORDER BY seq FETCH FIRST ? ROWS ONLY "
                    + "FOR UPDATE SKIP LOCKED")) {
                select.setObject(1, time(now));
                select.setInt(2, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong("seq");
                        String id = rows.getString("event_id");
                        try {
                            due.add(new OutboxEntry(seq, rows.getInt("attempts"), new OutboundEvent(id, rows.getString("type"),
                                    rows.getString("source"), rows.getString("subject"), read(rows.getString("extensions"), EXTENSIONS),
                                    objectMapper.readTree(rows.getString("data")))));
                        } catch (JsonProcessingException | RuntimeException e) {
                            // not JSON, or JSON of another shape (a null where the extensions should be, say)
                            LOG.errorf("Event %s (outbox seq %d) cannot be sent: its stored extensions or data cannot be read (%s). "
                                    + "It is set aside, to be repaired or deleted, and looked at again at %s", id, seq, e,
                                    now.plus(UNREADABLE_RETRY));
                            retryLater(connection, seq, now.plus(UNREADABLE_RETRY), "unreadable: " + e);
                        }
                    }
                }
            }
            return work.run(connection, due);
        });
    }

    /** Work on a batch of locked events, in their transaction. */
    @FunctionalInterface
    public interface Batch<T> {
        T run(Connection connection, List<OutboxEntry> due) throws SQLException;
    }

    /** The sink has taken these events: they leave the outbox. */
    public void delivered(Connection connection, List<OutboxEntry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event_outbox WHERE seq = ANY(?)")) {
            delete.setArray(1, connection.createArrayOf("BIGINT", entries.stream().map(OutboxEntry::seq).toArray()));
            delete.executeUpdate();
        }
    }

    /** The event {@code seq} was not sent: its attempts are counted, its error kept, and it is due again at {@code next}. */
    public void retryLater(Connection connection, long seq, Instant next, String error) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE event_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?")) {
            update.setObject(1, time(next));
            update.setString(2, ColumnText.fit(error, MAX_ERROR_LENGTH));
            update.setLong(3, seq);
            update.executeUpdate();
        }
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data cannot be written as JSON", e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) throws JsonProcessingException {
        return objectMapper.readValue(json, type);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
