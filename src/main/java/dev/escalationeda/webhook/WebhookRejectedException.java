package dev.escalationeda.webhook;

/** A webhook delivery refused before anything happened; the route answers with {@link #status()}. */
public class WebhookRejectedException extends RuntimeException {

    private final int status;

    public WebhookRejectedException(int status, String reason) {
        super(reason);
        this.status = status;
    }

    public static WebhookRejectedException badRequest(String reason) {
        return new WebhookRejectedException(400, reason);
    }

    public static WebhookRejectedException unauthorized(String reason) {
        return new WebhookRejectedException(401, reason);
    }

    public static WebhookRejectedException unsupportedMediaType(String reason) {
        return new WebhookRejectedException(415, reason);
    }

    public int status() {
        return status;
    }
}
