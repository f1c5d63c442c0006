package dev.escalationeda.escalation;

import java.time.Duration;
import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The escalation chain and how the sender works through what comes due ({@code eda.escalations.*}). */
@ConfigMapping(prefix = "eda.escalations")
public interface EscalationConfig {

    /** Who to tell when an approval waits too long, level by level (level 1 is the first entry). */
    List<Level> chain();

    /** How often the sender looks for escalations coming due. */
    @WithDefault("250")
    long pollIntervalMs();

    /** Escalations due within the next poll are fetched early and held back by a Delayer until due. */
    @WithDefault("500")
    int batchSize();

    /**
     * Escalations one sender takes in one database transaction when they come due within
     * {@link #sendGroupWindow()} of each other: fewer commits in a burst, at the price of a crash
     * resending the group's mails that had gone out (with their Message-IDs) and of a decision on
     * one of them waiting for the whole group.
     */
    @WithDefault("20")
    int sendGroupSize();

    /** How much later than its due time an escalation may go out to join a group. */
    @WithDefault("PT0.1S")
    Duration sendGroupWindow();

    /** Groups sent at once by one replica (each holds a database connection while it mails). */
    @WithDefault("8")
    int senders();

    /** First wait after a failed attempt (SMTP or Jira down); doubles up to {@link #maxRetryDelay()}. */
    @WithDefault("PT5S")
    Duration retryDelay();

    @WithDefault("PT5M")
    Duration maxRetryDelay();

    interface Level {

        /** Time from the approval ticket's creation; seconds or an ISO-8601 duration. */
        Duration after();

        /** {@value Escalations#MANAGER} (the request's manager) or comma-separated e-mail addresses. */
        String to();
    }
}
