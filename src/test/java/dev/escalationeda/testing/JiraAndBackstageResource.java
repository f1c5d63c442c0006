package dev.escalationeda.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * WireMock standing in for Jira's REST API and Backstage's notifications API, with the stubs under
 * src/test/resources/mappings (recorded from Atlassian's documented payloads).
 */
public class JiraAndBackstageResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "bot@example.com";
    public static final String TOKEN = "jira-api-token";
    public static final String BACKSTAGE_TOKEN = "backstage-token";

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("wiremock"));
        server.start();
        String url = "http://127.0.0.1:" + server.port();
        return Map.of("eda.jira.url", url, "jira.endpoint", url, "eda.jira.username", USER, "eda.jira.api-token", TOKEN,
                "eda.jira.project", "PLAT", "eda.jira.issue-type", "10002",
                "eda.backstage.notifications-url", url, "backstage.endpoint", url,
                "eda.backstage.bearer-token", BACKSTAGE_TOKEN);
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.MatchesType(WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
