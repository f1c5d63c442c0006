package dev.escalationeda.events;

/**
 * The CloudEvent types the product emits, one vocabulary for every part of it:
 * {@code dev.escalationeda.<entity>.<what happened>}. The README lists them with their data.
 */
public final class EventTypes {

    public static final String TICKET_UPDATED = "dev.escalationeda.ticket.updated";
    public static final String TICKET_APPROVED = "dev.escalationeda.ticket.approved";
    public static final String TICKET_DENIED = "dev.escalationeda.ticket.denied";

    /** An event of a strategy run: its data are the attributes a stage emits (name, status, ...). */
    public static final String STRATEGY_EVENT = "dev.escalationeda.strategy.event";

    /** Source of the events of strategy runs, followed by the strategy's name. */
    public static final String STRATEGY_SOURCE_PREFIX = "/escalation-eda/strategies/";

    /** Source of the events about namespace requests. */
    public static final String NAMESPACE_REQUEST_SOURCE = "/escalation-eda/namespace-requests";

    /** Source of the events derived from Jira webhooks. */
    public static final String JIRA_WEBHOOK_SOURCE = "/escalation-eda/jira-webhook";

    private EventTypes() {
    }
}
