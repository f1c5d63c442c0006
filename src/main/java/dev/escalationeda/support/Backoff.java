package dev.escalationeda.support;

import java.time.Duration;

/** Exponential backoff for retries that the service schedules itself (in the database, or by pausing). */
public final class Backoff {

    /** Enough doublings to pass any sensible maximum without overflowing. */
    private static final int MAX_DOUBLINGS = 20;

    private Backoff() {
    }

    /** {@code first} doubled {@code doublings} times, at most {@code max}. */
    public static Duration doubling(Duration first, Duration max, int doublings) {
        Duration delay = first.multipliedBy(1L << Math.min(Math.max(doublings, 0), MAX_DOUBLINGS));
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
