package dev.escalationeda.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.escalationeda.request.RequestRejectedException;
import dev.escalationeda.support.Backoff;
import dev.escalationeda.support.StepFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.jboss.logging.Logger;

/**
 * Sends the outbox's events to the sink (route {@code direct:publish-event}) in the order they were
 * written, and deletes each batch once the sink has taken it, in the transaction that locked it.
 * Written here rather than as a Camel redelivery policy because the retries outlive the process: an
 * event the sink did not take stays in the outbox, however long the sink is down. While the sink is
 * unavailable (no answer, 5xx, 408, 429) the relay pauses with doubling delays and the events keep
 * their order; an event the sink refuses (another 4xx), or an in-process consumer refuses (without
 * a sink), is tried again later on its own, and the others go on: one bad event must not hold back
 * all that follow. Any other failure (a database failing under an in-process consumer, say) pauses
 * the relay as an unavailable sink does. A crash between sending and committing sends an event
 * again, with the same id. One timer thread calls {@link #relay()}.
 */
@ApplicationScoped
@Named("eventRelay")
public class EventRelay {

    private static final Logger LOG = Logger.getLogger(EventRelay.class);
    private static final String PUBLISH = "direct:publish-event";

    private final EventOutbox outbox;
    private final EventOutboxConfig config;
    private final ProducerTemplate producer;
    private final Clock clock;
    private Instant pausedUntil = Instant.MIN;
    private int unavailableInARow;

    public EventRelay(EventOutbox outbox, EventOutboxConfig config, ProducerTemplate producer, Clock clock) {
        this.outbox = outbox;
        this.config = config;
        this.producer = producer;
        this.clock = clock;
    }

    /** Sends batch after batch until a batch is short or the sink is unavailable; the number of events sent. */
    public int relay() {
        if (clock.instant().isBefore(pausedUntil)) {
            return 0;
        }
        int sent = 0;
        while (true) {
            Batch batch = outbox.withDue(config.batchSize(), clock.instant(), this::send);
            sent += batch.delivered();
            if (batch.sinkUnavailable() || batch.size() < config.batchSize()) {
                return sent;
            }
        }
    }

    private Batch send(Connection connection, List<OutboxEntry> due) throws SQLException {
        List<OutboxEntry> delivered = new ArrayList<>(due.size());
        boolean unavailable = false;
        for (OutboxEntry entry : due) {
            try {
                producer.sendBody(PUBLISH, entry.event());
                delivered.add(entry);
                unavailableInARow = 0;
            } catch (CamelExecutionException e) {
                Instant now = clock.instant();
                if (!refused(e)) {
                    // it and the rest stay due, in order; this relay waits before it tries the sink again
                    outbox.retryLater(connection, entry.seq(), now, String.valueOf(e.getCause()));
                    pausedUntil = now.plus(retryDelay(unavailableInARow++));
                    LOG.warnf("Sink unavailable, events wait in the outbox until %s: %s", pausedUntil, e.getCause());
                    unavailable = true;
                    break;
                }
                Instant next = now.plus(retryDelay(entry.attempts()));
                outbox.retryLater(connection, entry.seq(), next, String.valueOf(e.getCause()));
                LOG.warnf("Event %s %s not taken (attempt %d, next at %s): %s", entry.event().type(), entry.event().id(),
                        entry.attempts() + 1, next, e.getCause());
            }
        }
        outbox.delivered(connection, delivered);
        return new Batch(due.size(), delivered.size(), unavailable);
    }

    /**
     * Whether this event is refused, the sink or consumer working: a 4xx answer other than 408 and
     * 429, or an in-process consumer rejecting the event as a request.
     */
    private static boolean refused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpOperationFailedException http) {
                return http.getStatusCode() >= 400 && http.getStatusCode() < 500 && !StepFailures.isTransient(http.getStatusCode());
            }
            if (cause instanceof RequestRejectedException) {
                return true;
            }
        }
        return false;
    }

    private Duration retryDelay(int failures) {
        return Backoff.doubling(config.retryDelay(), config.maxRetryDelay(), failures);
    }

    private record Batch(int size, int delivered, boolean sinkUnavailable) {
    }
}
