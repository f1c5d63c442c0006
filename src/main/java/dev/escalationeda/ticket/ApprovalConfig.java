package dev.escalationeda.ticket;

import java.util.List;

import io.smallrye.config.ConfigMapping;

/** How a Jira issue's state is read as an approval decision. */
@ConfigMapping(prefix = "eda.approval")
public interface ApprovalConfig {

    Rule rule();

    /** With {@link Rule#RESOLUTION}: resolutions of a done issue that mean approved; any other means denied. */
    List<String> approvedResolutions();

    /** With {@link Rule#LABELS}: the label that means approved. */
    String approvedLabel();

    /** With {@link Rule#LABELS}: the label that means denied. */
    String deniedLabel();

    enum Rule {
        /** Status category done plus the resolution decides. */
        RESOLUTION,
        /** An {@code approved} or {@code denied} label decides. */
        LABELS
    }
}
