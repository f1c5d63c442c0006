package dev.escalationeda.request;

import java.util.Map;

/** Whole-number query parameters of the list endpoints (page, size): a 400 naming the range otherwise. */
public final class QueryNumbers {

    private QueryNumbers() {
    }

    public static int parse(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below, as an out-of-range number is
        }
        throw new RequestRejectedException(400, Map.of(name, "must be a whole number from " + min + " to " + max));
    }
}
