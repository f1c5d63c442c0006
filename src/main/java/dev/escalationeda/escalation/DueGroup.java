package dev.escalationeda.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Escalations that come due close together and are sent in one database transaction, so that a
 * burst costs a commit per group rather than per escalation. The group goes out at {@code at},
 * when the last of them is due.
 */
public record DueGroup(List<Long> ids, Instant at) {

    public DueGroup {
        ids = List.copyOf(ids);
    }

    /**
     * Groups escalations sorted by due time: at most {@code size} each, the last due no later than
     * {@code window} after the first (which is how late the first may go out).
     */
    public static List<DueGroup> of(List<DueEscalation> due, int size, Duration window) {
        List<DueGroup> groups = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        for (DueEscalation escalation : due) {
            if (!ids.isEmpty() && (ids.size() == size || escalation.at().isAfter(first.plus(window)))) {
                groups.add(new DueGroup(ids, last));
                ids = new ArrayList<>();
            }
            if (ids.isEmpty()) {
                first = escalation.at();
            }
            ids.add(escalation.id());
            last = escalation.at();
        }
        if (!ids.isEmpty()) {
            groups.add(new DueGroup(ids, last));
        }
        return groups;
    }
}
