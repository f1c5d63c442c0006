package dev.escalationeda.escalation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.escalationeda.events.EventOutbox;
import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.jira.JiraConfig;
import dev.escalationeda.notification.NotificationMessages;
import dev.escalationeda.notification.SmtpSender;
import dev.escalationeda.request.NamespaceRequest;
import dev.escalationeda.request.NamespaceRequestStore;
import dev.escalationeda.request.RequestStatus;
import dev.escalationeda.support.Backoff;
import dev.escalationeda.support.StepFailures;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * Sends what comes due, exactly once per level and request, with the escalation's row lock held
 * for each step: the e-mail (pending to mailed, in one transaction with the timeline entry), then
 * the Jira comment (mailed to commented), Backstage notification and event (to done); with no ticket to comment on
 * and nobody to notify, the event goes with the mail. Escalations coming due together
 * ({@link DueGroup}) take each step in one transaction, and their mails one SMTP connection. A
 * crash rolls the step back and it runs again after the restart; a second replica skips rows the
 * first one holds. The {@code escalations} routes drive it.
 */
@ApplicationScoped
@Named("escalations")
public class Escalations {

    /** The chain's recipient that stands for the request's own manager. */
    public static final String MANAGER = "manager";

    public static final String ESCALATED = "dev.escalationeda.namespace.escalated";

    private static final Logger LOG = Logger.getLogger(Escalations.class);

    private final EscalationStore store;
    private final NamespaceRequestStore requests;
    private final EventOutbox outbox;
    private final NotificationMessages messages;
    private final SmtpSender smtp;
    private final JiraConfig jira;
    private final EscalationConfig config;
    private final ProducerTemplate producer;
    private final StepFailures stepFailures;
    private final MeterRegistry meters;
    private final Clock clock;

    public Escalations(EscalationStore store, NamespaceRequestStore requests, EventOutbox outbox, NotificationMessages messages,
            SmtpSender smtp, JiraConfig jira, EscalationConfig config, ProducerTemplate producer, StepFailures stepFailures,
            MeterRegistry meters, Clock clock) {
        this.store = store;
        this.requests = requests;
        this.outbox = outbox;
        this.messages = messages;
        this.smtp = smtp;
        this.jira = jira;
        this.config = config;
        this.producer = producer;
        this.stepFailures = stepFailures;
        this.meters = meters;
        this.clock = clock;
    }

    /** What has work to do before the next poll, in groups; the route holds each back until its time. */
    public List<DueGroup> dueSoon() {
        return DueGroup.of(store.dueBy(clock.instant().plusMillis(config.pollIntervalMs()), config.batchSize()),
                config.sendGroupSize(), config.sendGroupWindow());
    }

    public long millisUntil(DueGroup group) {
        return Duration.between(clock.instant(), group.at()).toMillis();
    }

    /**
     * Runs the steps of a group's escalations that have work to do now, skipping those another sender
     * holds: all mails in one transaction, then all announcements in a second one. After a failed
     * call the rest of the step is left as it is, still due, for the next poll: a sender holds the
     * group's locks (and a decision on one of them waits) for at most one failing call, not one per
     * escalation, and each escalation meets an outage once before its own retries back off.
     */
    public void fire(DueGroup group) {
        List<Long> mailed = smtp.inOneConnection(
                () -> store.inTransaction("cannot mail escalations " + group.ids(), connection -> mailAll(connection, group.ids())));
        if (!mailed.isEmpty()) {
            store.inTransaction("cannot announce escalations " + mailed, connection -> announceAll(connection, mailed));
        }
    }

    /** The mail step of each escalation of {@code ids} that has work to do: those to announce now. */
    private List<Long> mailAll(Connection connection, List<Long> ids) throws SQLException {
        List<Long> mailed = new ArrayList<>();
        for (LockedEscalation escalation : store.lockDue(connection, ids, clock.instant())) {
            MailStep step = escalation.state() == EscalationState.PENDING ? mail(connection, escalation) : MailStep.SENT;
            if (step == MailStep.FAILED) {
                break;
            }
            if (step == MailStep.SENT) {
                mailed.add(escalation.id());
            }
        }
        return mailed;
    }

    private Void announceAll(Connection connection, List<Long> mailed) throws SQLException {
        for (LockedEscalation escalation : store.lockDue(connection, mailed, clock.instant())) {
            boolean toAnnounce = escalation.state() == EscalationState.MAILED || escalation.state() == EscalationState.COMMENTED;
            if (toAnnounce && !announce(connection, escalation)) {
                break;
            }
        }
        return null;
    }

    /** Where the mail step left an escalation. */
    private enum MailStep {
        /** Mailed now or before: the announcements come next. */
        SENT,
        /** Nothing more to do: cancelled, skipped, or mailed with nothing to announce but the event. */
        SETTLED,
        /** Mailing failed: retried later. */
        FAILED
    }

    /**
     * Mails the escalation and records that it did (done, with its event, when there is nothing else
     * to announce), or settles it without a mail, or records the failure.
     */
    private MailStep mail(Connection connection, LockedEscalation escalation) throws SQLException {
        Instant now = clock.instant();
        NamespaceRequest request = request(connection, escalation);
        if (request.status() != RequestStatus.PENDING_APPROVAL) {
            // decided by a path that did not take the escalation's lock (cannot happen through the request API)
            store.advance(connection, escalation.id(), EscalationState.CANCELLED, null, null);
            count("cancelled");
            return MailStep.SETTLED;
        }
        EscalationNotice notice = notice(escalation, request, Duration.between(escalation.waitingSince(), now));
        if (notice.to().isEmpty()) {
            store.advance(connection, escalation.id(), EscalationState.SKIPPED, null, null);
            requests.addTimeline(connection, request.id(), "escalation-skipped",
                    "level " + escalation.level() + ": the request names no manager to escalate to");
            count("skipped");
            return MailStep.SETTLED;
        }
        Exchange sent = producer.send("direct:deliver-mail", exchange -> exchange.getMessage().setBody(notice.notification()));
        if (sent.getException() != null) {
            retryLater(connection, escalation, "mailing", sent.getException());
            return MailStep.FAILED;
        }
        requests.addTimeline(connection, request.id(), "escalated", "level " + escalation.level() + " escalation mailed to "
                + String.join(", ", notice.to()) + " after waiting " + NotificationMessages.duration(notice.waited()));
        count("mailed");
        if (notice.commentOnTicket() || notice.notifyBackstage()) {
            store.advance(connection, escalation.id(), EscalationState.MAILED, now, now);
            return MailStep.SENT;
        }
        finish(connection, escalation, notice, now);
        return MailStep.SETTLED;
    }

    /**
     * Comments on the ticket (unless an earlier try did) and notifies Backstage of an escalation that
     * was mailed, and puts its event in the outbox; false when a call failed in a way that may pass,
     * and is retried later. A call the other system refuses (a deleted issue, a rejected token) would
     * be refused again: it is noted in the timeline and the escalation goes on without it.
     */
    private boolean announce(Connection connection, LockedEscalation escalation) throws SQLException {
        NamespaceRequest request = request(connection, escalation);
        EscalationNotice notice = notice(escalation, request, Duration.between(escalation.waitingSince(), escalation.mailedAt()));
        if (notice.commentOnTicket() && escalation.state() == EscalationState.MAILED) {
            if (!call(connection, escalation, notice, "commenting on the ticket", "direct:comment-on-escalated-ticket")) {
                return false;
            }
            store.advance(connection, escalation.id(), EscalationState.COMMENTED, clock.instant(), null);
        }
        if (notice.notifyBackstage() && !call(connection, escalation, notice, "notifying Backstage", "direct:notify-backstage-of-escalation")) {
            return false;
        }
        finish(connection, escalation, notice, null);
        return true;
    }

    /** One announcement; false when it failed in a way that may pass (then it is retried later). */
    private boolean call(Connection connection, LockedEscalation escalation, EscalationNotice notice, String step, String uri)
            throws SQLException {
        Exchange sent = producer.send(uri, exchange -> exchange.getMessage().setBody(notice));
        Exception failure = sent.getException();
        if (failure == null) {
            return true;
        }
        if (stepFailures.isTransient(failure)) {
            retryLater(connection, escalation, step, failure);
            return false;
        }
        String reason = stepFailures.reason(failure);
        requests.addTimeline(connection, escalation.requestId(), "escalation-announcement-failed",
                "level " + escalation.level() + ": " + step + " was refused (" + reason + ")");
        LOG.warnf("Escalation %d of request %s: %s was refused, not retried: %s", escalation.level(), escalation.requestId(), step, reason);
        count("refused");
        return true;
    }

    /** Puts the escalation's event in the outbox and marks it done ({@code mailedAt}: when mailed in the same step). */
    private void finish(Connection connection, LockedEscalation escalation, EscalationNotice notice, Instant mailedAt) throws SQLException {
        outbox.add(connection, List.of(event(notice)), clock.instant());
        store.advance(connection, escalation.id(), EscalationState.DONE, null, mailedAt);
        count("announced");
    }

    /** The product event of an escalation. */
    private static OutboundEvent event(EscalationNotice notice) {
        NamespaceRequest request = notice.request();
        return new OutboundEvent(request.id() + ".escalated." + notice.level(), ESCALATED, EventTypes.NAMESPACE_REQUEST_SOURCE,
                request.namespace(), Map.of("requestid", request.id()),
                Map.of("requestId", request.id(), "namespace", request.namespace(), "size", request.size(),
                        "requester", request.requester(), "level", notice.level(), "to", notice.to(), "waitedSeconds", notice.waited().toSeconds(),
                        "ticket", request.ticket() == null ? "" : request.ticket().key()));
    }

    private EscalationNotice notice(LockedEscalation escalation, NamespaceRequest request, Duration waited) {
        List<String> to = MANAGER.equals(escalation.recipient())
                ? (request.manager() == null ? List.of() : List.of(request.manager()))
                : Arrays.stream(escalation.recipient().split(",")).map(String::trim).filter(address -> !address.isEmpty()).toList();
        return new EscalationNotice(request, escalation.level(), to, waited, messages.escalation(request, escalation.level(), to, waited),
                request.ticket() != null && jira.configured(), !request.recipients().isEmpty() && messages.backstageConfigured());
    }

    private void retryLater(Connection connection, LockedEscalation escalation, String step, Exception failure) throws SQLException {
        int attempts = escalation.attempts() + 1;
        Duration delay = Backoff.doubling(config.retryDelay(), config.maxRetryDelay(), attempts - 1);
        store.retryLater(connection, escalation.id(), attempts, clock.instant().plus(delay), failure.getMessage());
        if (attempts == 1) {
            requests.addTimeline(connection, escalation.requestId(), "escalation-retrying",
                    "level " + escalation.level() + ": " + step + " failed (" + failure.getMessage() + "); retrying");
        }
        LOG.warnf("Escalation %d of request %s: %s failed (attempt %d), next try in %s: %s", escalation.level(),
                escalation.requestId(), step, attempts, delay, failure.getMessage());
        count("retried");
    }

    private NamespaceRequest request(Connection connection, LockedEscalation escalation) throws SQLException {
        return requests.findWithoutTimeline(connection, escalation.requestId())
                .orElseThrow(() -> new IllegalStateException("escalation " + escalation.id() + " has no request"));
    }

    private void count(String outcome) {
        meters.counter("eda.escalations", "outcome", outcome).increment();
    }
}
