package dev.escalationeda.request;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;

/** How namespace requests are worked on: the workers of each replica and their hold on a request. */
@ConfigMapping(prefix = "eda.requests")
public interface RequestWorkConfig {

    /** Requests worked on at once by this replica. */
    int workers();

    /**
     * Retries of a request step's Jira, Kubernetes, SMTP and Backstage calls before the request fails,
     * and of a strategy stage's action before the stage fails.
     */
    int maxRedeliveries();

    /** Milliseconds before the first retry; it doubles with each. */
    long redeliveryDelay();

    /**
     * How long a replica holds a request it works on. Longer than a step with all its retries takes;
     * when it runs out (the replica died), another replica takes the request up.
     */
    Duration lease();

    /** Milliseconds between looks for requests in flight that nobody holds. */
    long resumeIntervalMs();
}
