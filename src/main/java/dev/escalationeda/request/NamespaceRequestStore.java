package dev.escalationeda.request;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.escalation.EscalationStore;
import dev.escalationeda.events.EventOutbox;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.persistence.ColumnText;
import dev.escalationeda.persistence.Transactions;
import dev.escalationeda.ticket.TrackedTickets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** Namespace requests and their timelines in the state database. */
@ApplicationScoped
public class NamespaceRequestStore {

    /** The width of request_timeline.message. */
    private static final int MAX_MESSAGE_LENGTH = 2000;
    private static final String COLUMNS = "id, namespace, size, requester, reason, recipients, manager, requester_email, "
            + "status, ticket_key, ticket_url, result, created_at, updated_at, notified_at";
    /*
     * The statements that name a request and the status they expect: public for the test that checks on a
     * new PostgreSQL database that they find the request by its primary key (PostgresqlPlansIT).
     */
    /** A request moving to an open status (status, at, result, id, status expected). */
    public static final String TRANSITION = "UPDATE namespace_request SET status = ?, updated_at = ?, result = ? WHERE id = ? AND status = ?";
    /** A request moving to a closed status, which frees its namespace for another request. */
    public static final String CLOSING_TRANSITION = "UPDATE namespace_request SET status = ?, updated_at = ?, result = ?, "
            + "open_namespace = NULL WHERE id = ? AND status = ?";
    public static final String AWAITS_TICKET = "SELECT 1 FROM namespace_request WHERE id = ? AND status = ? "
            + "AND ticket_requested_at IS NOT NULL AND ticket_key IS NULL";

    private final DataSource dataSource;
    private final EscalationStore escalations;
    private final EventOutbox outbox;
    private final TrackedTickets trackedTickets;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public NamespaceRequestStore(@Named("stateDataSource") DataSource dataSource, EscalationStore escalations, EventOutbox outbox,
            TrackedTickets trackedTickets, ObjectMapper objectMapper, Clock clock) {
        this.dataSource = dataSource;
        this.escalations = escalations;
        this.outbox = outbox;
        this.trackedTickets = trackedTickets;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /**
     * Stores a new request, open in {@code status}; 409 when its namespace already has an open request;
     * empty when {@code idempotencyKey} (null for none) created one meanwhile. When {@code approvalAsked},
     * the approval is asked for now (no ticket to wait for) and its escalations are due from now.
     */
    public Optional<NamespaceRequest> create(String id, NamespaceRequestInput input, RequestStatus status, boolean approvalAsked,
            OutboundEvent requested, String idempotencyKey) {
        Instant created = clock.instant();
        Timestamp now = Timestamp.from(created);
        try {
            Transactions.inTransaction(dataSource, "cannot store the request for " + input.namespace(), connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO namespace_request (" + COLUMNS
                        + ", open_namespace, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?, ?, NULL, ?, ?)")) {
                    insert.setString(1, id);
                    insert.setString(2, input.namespace());
                    insert.setString(3, input.size());
                    insert.setString(4, input.requester());
                    insert.setString(5, input.reason());
                    insert.setString(6, json(input.recipientsOrEmpty()));
                    insert.setString(7, input.manager());
                    insert.setString(8, input.requesterEmail());
                    insert.setString(9, status.value());
                    insert.setTimestamp(10, now);
                    insert.setTimestamp(11, now);
                    insert.setString(12, input.namespace());
                    insert.setString(13, idempotencyKey);
                    insert.executeUpdate();
                }
                addTimeline(connection, id, "requested", "requested by " + input.requester() + " (size " + input.size() + ")");
                if (approvalAsked) {
                    escalations.schedule(connection, id, created);
                }
                outbox.add(connection, List.of(requested), created);
                return null;
            });
        } catch (IllegalStateException e) {
            if (Transactions.isUniqueViolation(e)) {
                if (idempotencyKey != null && keyedRequest(idempotencyKey).isPresent()) {
                    return Optional.empty();
                }
                // named, so that a client that lost the answer to its first request finds it
                throw new RequestRejectedException(409, Map.of("namespace", "already has an open request"
                        + openRequest(input.namespace()).map(open -> ": " + open).orElse("")));
            }
            throw e;
        }
        return Optional.of(find(id).orElseThrow());
    }

    /** The request an idempotency key created, with its timeline. */
    public Optional<NamespaceRequest> findByIdempotencyKey(String idempotencyKey) {
        return keyedRequest(idempotencyKey).flatMap(this::find);
    }

    private Optional<String> keyedRequest(String idempotencyKey) {
        return selectOne("SELECT id FROM namespace_request WHERE idempotency_key = ?", idempotencyKey);
    }

    private Optional<String> openRequest(String namespace) {
        return selectOne("SELECT id FROM namespace_request WHERE open_namespace = ?", namespace);
    }

    private Optional<String> selectOne(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the namespace requests: " + e.getMessage(), e);
        }
    }

    public Optional<NamespaceRequest> find(String id) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<NamespaceRequest> request = findWithoutTimeline(connection, id);
            return request.isEmpty() ? request : Optional.of(request.get().withTimeline(timeline(connection, id)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read request " + id, e);
        }
    }

    public Optional<NamespaceRequest> findWithoutTimeline(String id) {
        try (Connection connection = dataSource.getConnection()) {
            return findWithoutTimeline(connection, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read request " + id, e);
        }
    }

    /**
     * Reads a request, without its timeline, in the caller's transaction (a sender holding a connection
     * needs no second one, and an escalation's mail needs no history).
     */
    public Optional<NamespaceRequest> findWithoutTimeline(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM namespace_request WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(request(row)) : Optional.empty();
            }
        }
    }

    /** Newest first; without timelines. */
    public List<NamespaceRequest> list(Optional<RequestStatus> status, int offset, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM namespace_request"
                + (status.isPresent() ? " WHERE status = ?" : "") + " ORDER BY created_at DESC, id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            int parameter = 1;
            if (status.isPresent()) {
                select.setString(parameter++, status.get().value());
            }
            select.setInt(parameter++, offset);
            select.setInt(parameter, limit);
            List<NamespaceRequest> requests = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    requests.add(request(rows));
                }
            }
            return requests;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list requests", e);
        }
    }

    /**
     * Moves a request as {@code change} says and records why, atomically: false when the request was
     * not in {@code change.from()} (someone else moved it first). A closed request frees its namespace
     * and carries its result. A request that leaves pending-approval cancels its escalations still
     * pending in the same transaction, taking their locks first: a decision waits for an escalation
     * being sent, and none is sent once the decision is recorded. The change's events go to the outbox
     * in the same transaction.
     */
    public boolean transition(String id, RequestTransition change) {
        return Transactions.inTransaction(dataSource, "cannot update request " + id, connection -> {
            if (!transition(connection, id, change)) {
                // the request was not in the expected state: the cancellations are undone too
                connection.rollback();
                return false;
            }
            return true;
        });
    }

    private boolean transition(Connection connection, String id, RequestTransition change) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(change.to().isOpen() ? TRANSITION : CLOSING_TRANSITION)) {
            update.setString(1, change.to().value());
            update.setTimestamp(2, Timestamp.from(clock.instant()));
            update.setString(3, change.result() == null ? null : json(change.result()));
            update.setString(4, id);
            update.setString(5, change.from().value());
            if (change.from() == RequestStatus.PENDING_APPROVAL) {
                escalations.cancelPending(connection, id);
            }
            if (update.executeUpdate() != 1) {
                return false;
            }
        }
        addTimeline(connection, id, change.event(), change.message());
        if (!change.events().isEmpty()) {
            outbox.add(connection, change.events(), clock.instant());
        }
        return true;
    }

    /**
     * Records that Jira is about to be asked for the request's approval issue. When it was asked
     * before, the time of that first attempt, which may have opened the issue without the service
     * learning its key.
     */
    public Optional<Instant> recordTicketAttempt(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE namespace_request SET ticket_requested_at = ? WHERE id = ? AND ticket_requested_at IS NULL");
                PreparedStatement select = connection.prepareStatement("SELECT ticket_requested_at FROM namespace_request WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(clock.instant()));
            update.setString(2, id);
            if (update.executeUpdate() == 1) {
                return Optional.empty();
            }
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.ofNullable(instant(row.getTimestamp(1))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the ticket attempt of request " + id, e);
        }
    }

    /**
     * Whether the request waits for approval and has asked Jira for its issue without recording one:
     * an issue labelled with its id may be the one being recorded right now.
     */
    public boolean awaitsTicket(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(AWAITS_TICKET)) {
            select.setString(1, id);
            select.setString(2, RequestStatus.PENDING_APPROVAL.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read request " + id, e);
        }
    }

    /**
     * Remembers the approval ticket of a request, and the request as the ticket's (so that its webhooks
     * find the request), in one transaction; its escalations are due from now. A decision already made
     * on the ticket ({@code decided}) is recorded in the same transaction: the ticket recorded without
     * it, the request would wait for a change of the ticket that may never come. False, and nothing
     * recorded, when the decision no longer applies: the request has moved on (an earlier attempt of
     * the step, whose commit was not confirmed, recorded both already).
     */
    public boolean recordTicket(String id, Ticket ticket, Optional<RequestTransition> decided) {
        Instant opened = clock.instant();
        return Transactions.inTransaction(dataSource, "cannot record the ticket of request " + id, connection -> {
            trackedTickets.track(connection, ticket.key(), id, opened);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE namespace_request SET ticket_key = ?, ticket_url = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, ticket.key());
                update.setString(2, ticket.url());
                update.setTimestamp(3, Timestamp.from(opened));
                update.setString(4, id);
                update.executeUpdate();
            }
            addTimeline(connection, id, "ticket-created", "approval ticket " + ticket.key() + " opened");
            escalations.schedule(connection, id, opened);
            if (decided.isPresent() && !transition(connection, id, decided.get())) {
                connection.rollback();
                return false;
            }
            return true;
        });
    }

    /** The request's approval issue was seen done in Jira: it needs no transition to done. */
    public void recordTicketDone(String id) {
        execute("UPDATE namespace_request SET ticket_done = TRUE WHERE id = ?", id);
    }

    public boolean ticketDone(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT 1 FROM namespace_request WHERE id = ? AND ticket_done")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read request " + id, e);
        }
    }

    public void recordNotified(String id) {
        execute("UPDATE namespace_request SET notified_at = ? WHERE id = ?", Timestamp.from(clock.instant()), id);
    }

    public void addTimeline(String id, String event, String message) {
        try (Connection connection = dataSource.getConnection()) {
            addTimeline(connection, id, event, message);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot add to the timeline of " + id, e);
        }
    }

    /**
     * Requests with a step still to do that no replica holds, oldest first, at most {@code limit}.
     *
     * @param ticketsToOpen whether requests waiting for approval without a ticket have one to open (Jira is configured)
     */
    public List<String> inFlight(boolean ticketsToOpen, int limit) {
        List<String> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT id FROM namespace_request WHERE (status = ? "
                        + "OR (status = ? AND ticket_key IS NULL AND ?) OR (open_namespace IS NULL AND notified_at IS NULL)) "
                        + "AND (worker_lease_until IS NULL OR worker_lease_until < ?) ORDER BY created_at LIMIT " + limit)) {
            select.setString(1, RequestStatus.PROVISIONING.value());
            select.setString(2, RequestStatus.PENDING_APPROVAL.value());
            select.setBoolean(3, ticketsToOpen);
            select.setTimestamp(4, Timestamp.from(clock.instant()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list requests in flight", e);
        }
        return ids;
    }

    /** Adds to a request's timeline in the caller's transaction. */
    public void addTimeline(Connection connection, String id, String event, String message) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO request_timeline (request_id, at, event, message) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setTimestamp(2, Timestamp.from(clock.instant()));
            insert.setString(3, event);
            insert.setString(4, ColumnText.fit(message, MAX_MESSAGE_LENGTH));
            insert.executeUpdate();
        }
    }

    private List<TimelineEntry> timeline(Connection connection, String id) throws SQLException {
        List<TimelineEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT at, event, message FROM request_timeline WHERE request_id = ? ORDER BY id")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new TimelineEntry(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return entries;
    }

    private NamespaceRequest request(ResultSet row) throws SQLException {
        String ticketKey = row.getString("ticket_key");
        String result = row.getString("result");
        return new NamespaceRequest(row.getString("id"), row.getString("namespace"), row.getString("size"),
                row.getString("requester"), row.getString("reason"), read(row.getString("recipients"), new TypeReference<>() { }),
                row.getString("manager"), row.getString("requester_email"), RequestStatus.of(row.getString("status")),
                ticketKey == null ? null : new Ticket(ticketKey, row.getString("ticket_url")),
                instant(row.getTimestamp("created_at")), instant(row.getTimestamp("updated_at")),
                instant(row.getTimestamp("notified_at")), null,
                result == null ? null : read(result, new TypeReference<WorkflowResult>() { }));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private int execute(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update requests", e);
        }
    }

    private String json(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return objectMapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
