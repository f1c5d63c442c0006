package dev.escalationeda.request;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.jira.JiraConfig;
import dev.escalationeda.ticket.TicketDecision;
import dev.escalationeda.ticket.TicketDecisionRule;
import dev.escalationeda.ticket.TicketEvents;
import dev.escalationeda.webhook.JiraIssueEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Header;
import org.jboss.logging.Logger;

/** The life of a namespace request, as the routes drive it: each method is one step. */
@ApplicationScoped
@Named("namespaceRequests")
public class NamespaceRequests {

    /** Requests taken up again at a time; the next resume takes the rest. */
    private static final int RESUME_BATCH = 500;

    /** What the request worker does next with a request. */
    public static final String CREATE_TICKET = "create-ticket";
    public static final String PROVISION = "provision";
    public static final String NOTIFY = "notify";
    public static final String NOTHING = "nothing";

    private static final int MAX_PAGE_SIZE = 100;
    private static final Logger LOG = Logger.getLogger(NamespaceRequests.class);

    private final NamespaceRequestStore store;
    private final NamespaceRequestValidator validator;
    private final NamespaceSizes sizes;
    private final JiraConfig jira;
    private final TicketDecisionRule decisionRule;

    public NamespaceRequests(NamespaceRequestStore store, NamespaceRequestValidator validator, NamespaceSizes sizes,
            JiraConfig jira, TicketDecisionRule decisionRule) {
        this.store = store;
        this.validator = validator;
        this.sizes = sizes;
        this.jira = jira;
        this.decisionRule = decisionRule;
    }

    /**
     * Creates a request. With an {@code Idempotency-Key}, the first call with the key creates it and every
     * later one for the same namespace, size and requester answers with that request as it stands; 422
     * for a key used for another request.
     */
    public CreatedRequest create(NamespaceRequestInput input, String idempotencyKey) {
        IdempotencyKey.check(idempotencyKey);
        Optional<NamespaceRequest> earlier = idempotencyKey == null ? Optional.empty() : store.findByIdempotencyKey(idempotencyKey);
        if (earlier.isPresent()) {
            return repeated(earlier.get(), input);
        }
        validator.validate(input);
        RequestStatus status = sizes.needsApproval(input.size()) ? RequestStatus.PENDING_APPROVAL : RequestStatus.PROVISIONING;
        String id = UUID.randomUUID().toString();
        // without Jira the approval is asked in the local inbox at once; with Jira, once its ticket is opened
        return store.create(id, input, status, status == RequestStatus.PENDING_APPROVAL && !jira.configured(),
                event(id, input.namespace(), input.size(), input.requester(), "requested", status), idempotencyKey)
                .map(created -> new CreatedRequest(created, true))
                // the same key, a moment earlier
                .orElseGet(() -> repeated(store.findByIdempotencyKey(idempotencyKey).orElseThrow(), input));
    }

    /** A call again with the key of {@code earlier}: the same request, or a key reused by mistake. */
    private static CreatedRequest repeated(NamespaceRequest earlier, NamespaceRequestInput input) {
        if (!Objects.equals(earlier.namespace(), input.namespace()) || !Objects.equals(earlier.size(), input.size())
                || !Objects.equals(earlier.requester(), input.requester())) {
            throw new RequestRejectedException(422, Map.of(IdempotencyKey.HEADER, "was used for request " + earlier.id() + " (namespace "
                    + earlier.namespace() + ", size " + earlier.size() + ", requester " + earlier.requester() + "): a new request needs a new key"));
        }
        return new CreatedRequest(earlier, false);
    }

    public NamespaceRequest get(@Header("id") String id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    /** The request without its timeline, for the steps, which need none. */
    private NamespaceRequest withoutTimeline(String id) {
        return store.findWithoutTimeline(id).orElseThrow(() -> notFound(id));
    }

    private static RequestRejectedException notFound(String id) {
        return new RequestRejectedException(404, Map.of("id", "no request " + id));
    }

    public List<NamespaceRequest> list(@Header("status") String status, @Header("page") String page, @Header("size") String size) {
        Optional<RequestStatus> filter;
        try {
            filter = status == null || status.isBlank() ? Optional.empty() : Optional.of(RequestStatus.of(status));
        } catch (IllegalArgumentException e) {
            throw new RequestRejectedException(400, Map.of("status", "must be one of pending-approval, provisioning, provisioned, denied, failed"));
        }
        int pageNumber = QueryNumbers.parse("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = QueryNumbers.parse("size", size, 20, 1, MAX_PAGE_SIZE);
        return store.list(filter, pageNumber * pageSize, pageSize);
    }

    public String nextStep(String id) {
        NamespaceRequest request = withoutTimeline(id);
        if (request.status() == RequestStatus.PROVISIONING) {
            return PROVISION;
        }
        if (request.status() == RequestStatus.PENDING_APPROVAL && request.ticket() == null && jira.configured()) {
            return CREATE_TICKET;
        }
        if (!request.status().isOpen() && request.notifiedAt() == null) {
            return NOTIFY;
        }
        return NOTHING;
    }

    /**
     * Records an attempt to open the request's approval issue. The time of the first attempt when
     * this is not the first, as that one may have opened the issue although its answer never
     * arrived; null otherwise.
     */
    public Instant recordTicketAttempt(String id) {
        return store.recordTicketAttempt(id).orElse(null);
    }

    /**
     * Records the request's approval ticket. A ticket a search found (an earlier attempt whose answer
     * was lost opened it, so no webhook about it was matched to the request; {@code foundIssue}, null
     * otherwise) may be decided already: that decision is recorded with it, and its ticket event goes
     * out with the request's change, as a webhook's would.
     */
    public void ticketOpened(String id, Ticket ticket, JiraIssueEvent foundIssue) {
        TicketDecision decision = foundIssue == null ? TicketDecision.UPDATED : decisionRule.decide(foundIssue);
        if (decision == TicketDecision.UPDATED) {
            store.recordTicket(id, ticket, Optional.empty());
            return;
        }
        recordIfDone(id, decision == TicketDecision.APPROVED, foundIssue);
        String reason = decidedIn(foundIssue) + " before the service found it";
        List<OutboundEvent> ticketEvent = List.of(TicketEvents.event(id + ".found-decision", foundIssue, id, decision));
        if (!store.recordTicket(id, ticket, Optional.of(decision == TicketDecision.APPROVED ? approval(reason, ticketEvent)
                : denial(withoutTimeline(id), reason, ticketEvent)))) {
            LOG.infof("Request %s is no longer pending approval: issue %s and its decision are not recorded again", id, ticket.key());
        }
    }

    /**
     * Records the approval or denial a ticket event reports ({@code ticketEvent}, its data), with what in
     * the issue decided as the reason the requester is told. False when the request was not waiting for
     * one (an unknown request, a duplicate event, or a decision after the request finished): nothing
     * changes then.
     */
    public boolean decideInJira(String id, boolean approved, Map<String, Object> ticketEvent) {
        JiraIssueEvent issue = TicketEvents.issue(ticketEvent);
        recordIfDone(id, approved, issue);
        return decide(id, approved, decidedIn(issue));
    }

    /**
     * Remembers an approval issue seen done, before its approval is recorded: a provisioned request's
     * issue is moved to done only when it was not (by the labels rule it may still be open). Only
     * where issues are moved at all, so that an approval costs no extra write otherwise.
     */
    private void recordIfDone(String id, boolean approved, JiraIssueEvent issue) {
        if (approved && issue.isDone() && jira.doneTransitionId().isPresent()) {
            store.recordTicketDone(id);
        }
    }

    /** Whether the request's approval issue is to be moved to done: not when it was seen done already. */
    public boolean ticketLeftOpen(String id) {
        return !store.ticketDone(id);
    }

    /** Where and by what a decision was made in Jira: "decided in Jira issue PLAT-1 (resolution Won't Do)". */
    private String decidedIn(JiraIssueEvent issue) {
        return "decided in Jira issue " + issue.issueKey() + " (" + decisionRule.grounds(issue) + ")";
    }

    private boolean decide(String id, boolean approved, String reason) {
        if (approved) {
            return store.transition(id, approval(reason, List.of()));
        }
        return store.findWithoutTimeline(id).map(request -> store.transition(id, denial(request, reason, List.of()))).orElse(false);
    }

    private static RequestTransition approval(String reason, List<OutboundEvent> events) {
        return new RequestTransition(RequestStatus.PENDING_APPROVAL, RequestStatus.PROVISIONING, "approved", reason, null, events);
    }

    private static RequestTransition denial(NamespaceRequest request, String reason, List<OutboundEvent> decisionEvents) {
        List<OutboundEvent> events = new ArrayList<>(decisionEvents);
        events.add(outcomeEvent(request, RequestStatus.DENIED));
        return new RequestTransition(RequestStatus.PENDING_APPROVAL, RequestStatus.DENIED, "denied", reason,
                WorkflowResult.of("error", "denied: " + reason, List.of()), events);
    }

    /** The approval inbox used when no Jira is configured: 409 unless the request waits for a decision. */
    public NamespaceRequest decideLocally(@Header("id") String id, @Header("decision") String decision) {
        NamespaceRequest request = withoutTimeline(id);
        if (jira.configured()) {
            throw new RequestRejectedException(409, Map.of("id", "this request is decided in Jira: " + request.ticket()));
        }
        boolean decided = store.transition(id, "approve".equals(decision)
                ? approval("approved in the local inbox", List.of())
                : denial(request, "denied in the local inbox", List.of()));
        if (!decided) {
            throw new RequestRejectedException(409, Map.of("status", "request is " + request.status().value()
                    + ", not pending-approval"));
        }
        return get(id);
    }

    public void provisioned(String id, String location) {
        NamespaceRequest request = withoutTimeline(id);
        store.transition(id, new RequestTransition(RequestStatus.PROVISIONING, RequestStatus.PROVISIONED, "provisioned",
                "created at " + location, WorkflowResult.of("success", "namespace " + request.namespace() + " is ready",
                        List.of(new WorkflowResult.Output("namespace", request.namespace(), "text"),
                                new WorkflowResult.Output("location", location, "text"))),
                List.of(outcomeEvent(request, RequestStatus.PROVISIONED))));
    }

    /**
     * A step failed for good. An open request fails, saying why; a finished one was being announced,
     * and the announcement is given up (recorded in the timeline) rather than retried forever.
     */
    public void failed(String id, String reason) {
        NamespaceRequest request = withoutTimeline(id);
        if (!request.status().isOpen()) {
            store.addTimeline(id, "notification-failed", reason);
            store.recordNotified(id);
        } else {
            store.transition(id, new RequestTransition(request.status(), RequestStatus.FAILED, "failed", reason,
                    WorkflowResult.of("error", reason, List.of()), List.of(outcomeEvent(request, RequestStatus.FAILED))));
        }
    }

    /**
     * An update of the request's approval ticket (its outcome comment, its transition) failed for good;
     * the requester is told all the same.
     */
    public void ticketUpdateFailed(String id, String reason) {
        store.addTimeline(id, "ticket-update-failed", "approval ticket not updated: " + reason);
    }

    public void note(String id, String event, String message) {
        store.addTimeline(id, event, message);
    }

    public void notified(String id) {
        store.recordNotified(id);
        store.addTimeline(id, "notified", "requester told the outcome");
    }

    /** Requests to take up again: in flight, and held by no replica (after a restart, or their replica died). */
    public List<String> inFlight() {
        return store.inFlight(jira.configured(), RESUME_BATCH);
    }

    /** The product event for a request that has finished in {@code status}. */
    private static OutboundEvent outcomeEvent(NamespaceRequest request, RequestStatus status) {
        return event(request.id(), request.namespace(), request.size(), request.requester(), status.value(), status);
    }

    /** The product event {@code dev.escalationeda.namespace.<what>} for a request now in {@code status}. */
    private static OutboundEvent event(String id, String namespace, String size, String requester, String what, RequestStatus status) {
        return new OutboundEvent(id + "." + what, "dev.escalationeda.namespace." + what, EventTypes.NAMESPACE_REQUEST_SOURCE, namespace,
                Map.of("requestid", id), Map.of("requestId", id, "namespace", namespace, "size", size, "requester", requester,
                        "status", status.value()));
    }
}
