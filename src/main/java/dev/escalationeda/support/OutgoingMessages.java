package dev.escalationeda.support;

import org.apache.camel.Message;

/** Messages rewritten for a call to another system (Jira, SMTP, Backstage). */
public final class OutgoingMessages {

    /**
     * Camel's error handler counts a message's redeliveries in its headers (CamelRedelivered,
     * CamelRedeliveryCounter, ...). A sub-route that is redelivered as a whole rewrites the message each
     * time, and with the count cleared its retries would never run out.
     */
    private static final String REDELIVERY_HEADERS = "CamelRedeliver*";

    private OutgoingMessages() {
    }

    /** Drops every header the message came with, except the error handler's count of redeliveries. */
    public static void clearHeaders(Message message) {
        message.removeHeaders("*", REDELIVERY_HEADERS);
    }
}
