package dev.escalationeda.webhook;

/**
 * What the service keeps of an inbound webhook HTTP request: the raw body, its media type and the two
 * headers it acts on. Nothing else of the request travels further.
 *
 * @param contentType the {@code Content-Type} header, or null
 * @param signature the {@code X-Hub-Signature} header, or null
 * @param deliveryId the {@code X-Atlassian-Webhook-Identifier} header, or null
 */
public record JiraWebhookRequest(byte[] body, String contentType, String signature, String deliveryId) {
}
