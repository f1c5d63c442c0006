package dev.escalationeda.request;

import java.util.Map;
import java.util.regex.Pattern;

/** The {@code Idempotency-Key} header of a POST that a client may send again: 1 to 200 printable ASCII characters. */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private IdempotencyKey() {
    }

    /** @throws RequestRejectedException 400 when a key is given and is not one */
    public static void check(String key) {
        if (key != null && !VALID.matcher(key).matches()) {
            throw new RequestRejectedException(400, Map.of(HEADER, "must be 1 to 200 printable ASCII characters"));
        }
    }
}
