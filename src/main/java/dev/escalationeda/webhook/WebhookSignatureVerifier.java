package dev.escalationeda.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Checks Jira's {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>} when the webhook
 * has a secret. The secret comes with each call (the Kamelet's {@code webhookSecret} property), so
 * that every binding of the Kamelet can have its own. The comparison takes the same time wherever
 * the first difference is. A {@link Processor}, so that the route calls it directly rather than through
 * bean-method binding.
 */
@ApplicationScoped
@Named("webhookSignatureVerifier")
public class WebhookSignatureVerifier implements Processor {

    /** The exchange property that carries the webhook secret; blank means deliveries are not signed. */
    public static final String SECRET_PROPERTY = "webhookSecret";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    /** Verifies the {@link JiraWebhookRequest} in the body with the secret of the {@value #SECRET_PROPERTY} property. */
    @Override
    public void process(Exchange exchange) {
        verify(exchange.getMessage().getBody(JiraWebhookRequest.class), exchange.getProperty(SECRET_PROPERTY, String.class));
    }

    public void verify(JiraWebhookRequest request, String secret) {
        if (secret == null || secret.isBlank()) {
            return;
        }
        String header = request.signature();
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw WebhookRejectedException.unauthorized("missing or malformed X-Hub-Signature (expected sha256=<hex>)");
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw WebhookRejectedException.unauthorized("X-Hub-Signature is not hexadecimal");
        }
        if (!MessageDigest.isEqual(sign(secret, request.body()), presented)) {
            throw WebhookRejectedException.unauthorized("X-Hub-Signature does not match the body");
        }
    }

    private static byte[] sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
