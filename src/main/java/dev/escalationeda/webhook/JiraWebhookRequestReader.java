package dev.escalationeda.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Turns the inbound HTTP message into a {@link JiraWebhookRequest} and drops every inbound header,
 * so that no caller-chosen header can act as a Camel control header ({@code Camel*}, in any case)
 * or leak into an outgoing CloudEvent.
 */
@ApplicationScoped
@Named("jiraWebhookRequestReader")
public class JiraWebhookRequestReader implements Processor {

    static final String SIGNATURE_HEADER = "X-Hub-Signature";
    static final String DELIVERY_ID_HEADER = "X-Atlassian-Webhook-Identifier";

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] body = message.getBody(byte[].class);
        JiraWebhookRequest request = new JiraWebhookRequest(body == null ? new byte[0] : body,
                message.getHeader(Exchange.CONTENT_TYPE, String.class),
                message.getHeader(SIGNATURE_HEADER, String.class),
                message.getHeader(DELIVERY_ID_HEADER, String.class));
        message.removeHeaders("*");
        message.setBody(request);
    }
}
