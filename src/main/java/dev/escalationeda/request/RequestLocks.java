package dev.escalationeda.request;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Which requests a worker of this replica is working on, so that two messages for one request (a
 * decision arriving during a step, a resume after restart) never run its steps side by side. A
 * message that finds its request held is dropped, but remembered: the holder then goes round again
 * on release, so the news it carried is never lost.
 */
@ApplicationScoped
@Named("requestLocks")
public class RequestLocks {

    /** Held requests, and whether a message came for one while it was held. */
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();

    public boolean tryAcquire(String requestId) {
        boolean[] acquired = {false};
        held.compute(requestId, (id, poked) -> {
            acquired[0] = poked == null;
            return !acquired[0];
        });
        return acquired[0];
    }

    /** @return whether a message came for the request while it was held */
    public boolean release(String requestId) {
        return Boolean.TRUE.equals(held.remove(requestId));
    }
}
