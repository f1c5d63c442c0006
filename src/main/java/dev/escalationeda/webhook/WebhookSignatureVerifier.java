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
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Checks Jira's {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>} when the webhook
 * has a secret. The secret comes with each call (the Kamelet's {@code webhookSecret} property), so
 * that every binding of the Kamelet can have its own. The comparison takes the same time wherever
 * the first difference is.
 */
@ApplicationScoped
@Named("webhookSignatureVerifier")
public class WebhookSignatureVerifier {

    /** The exchange property that carries the webhook secret; blank means deliveries are not signed. */
    public static final String SECRET_PROPERTY = "webhookSecret";

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    public void verify(@Body JiraWebhookRequest request, @ExchangeProperty(SECRET_PROPERTY) String secret) {
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
