package dev.escalationeda.escalation;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** A two-level chain measured in seconds: level 1 to the manager, level 2 to the platform leads. */
public class ShortChainProfile implements QuarkusTestProfile {

    static final long LEVEL_1_SECONDS = 2;
    static final long LEVEL_2_SECONDS = 4;
    static final String LEADS = "platform-leads@example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("eda.escalations.chain[0].after", Long.toString(LEVEL_1_SECONDS),
                "eda.escalations.chain[0].to", Escalations.MANAGER,
                "eda.escalations.chain[1].after", "PT" + LEVEL_2_SECONDS + "S",
                "eda.escalations.chain[1].to", LEADS,
                "eda.escalations.poll-interval-ms", "100",
                "eda.escalations.retry-delay", "PT0.3S",
                "eda.escalations.max-retry-delay", "PT0.6S");
    }
}
