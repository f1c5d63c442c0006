package dev.escalationeda.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Checks Jira's {@code X-Hub-Signature: sha256=<hex HMAC-SHA256 of the raw body>} when a webhook
 * secret is configured. The comparison takes the same time wherever the first difference is.
 */
@ApplicationScoped
@Named("webhookSignatureVerifier")
public class WebhookSignatureVerifier {

    private static final String ALGORITHM = "HmacSHA256";
    private static final String PREFIX = "sha256=";

    private final Optional<SecretKeySpec> key;

    public WebhookSignatureVerifier(WebhookConfig config) {
        this.key = config.secret().map(secret -> new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
    }

    public void verify(JiraWebhookRequest request) {
        if (key.isEmpty()) {
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
        if (!MessageDigest.isEqual(sign(request.body()), presented)) {
            throw WebhookRejectedException.unauthorized("X-Hub-Signature does not match the body");
        }
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key.orElseThrow());
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
