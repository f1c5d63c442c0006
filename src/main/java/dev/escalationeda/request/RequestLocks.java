package dev.escalationeda.request;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * Which requests a worker of this replica is working on, so that two messages for one request (a
 * decision arriving during a step, a resume after restart) never run its steps side by side.
 */
@ApplicationScoped
@Named("requestLocks")
public class RequestLocks {

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    public boolean tryAcquire(String requestId) {
        return held.add(requestId);
    }

    public void release(String requestId) {
        held.remove(requestId);
    }
}
