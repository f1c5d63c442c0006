package dev.escalationeda.webhook;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The service as it runs with nothing configured: no K_SINK, no webhook secret; one strategy started by its own events. */
public class InProcessEventsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("eda.events.sink", "direct:in-process-events", "jira.webhook.secret", "",
                "eda.strategies.dir", "src/test/resources/strategies/in-process");
    }
}
