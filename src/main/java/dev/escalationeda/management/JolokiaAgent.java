package dev.escalationeda.management;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import dev.escalationeda.support.LoopbackHost;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.jolokia.jvmagent.security.UserPasswordHttpAuthenticator;
import org.jolokia.server.core.config.SystemPropertyMode;
import org.jolokia.server.core.service.impl.JulLogHandler;

/**
 * Jolokia's JVM agent in the service's own process, when JOLOKIA_ENABLED: Hawtio reads the Camel
 * routes' MBeans (org.apache.camel:type=routes,*) through it over HTTP. Started in-process because
 * the container's command line stays {@code java -jar}. Jolokia can invoke any MBean operation (stop
 * a route, say), so an agent others can reach must have a user and password: without them it is not
 * started, and the service runs on without it, as it does when the agent cannot start.
 */
@ApplicationScoped
public class JolokiaAgent {

    private static final Logger LOG = Logger.getLogger(JolokiaAgent.class);
    private static final String REALM = "jolokia";
    /** What Jolokia's own tools read to find the agent of a process. */
    private static final String AGENT_URL_PROPERTY = "jolokia.agent";
    private static final String JSR160_PROXY = "org.jolokia.service.jsr160.Jsr160RequestHandler";

    private final JolokiaConfig config;
    private HttpServer http;
    private JolokiaServer jolokia;

    public JolokiaAgent(JolokiaConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (config.user().isPresent() != config.password().isPresent()) {
            LOG.error("Jolokia agent not started: set both JOLOKIA_USER and JOLOKIA_PASSWORD, or neither");
            return;
        }
        if (config.user().isEmpty() && !LoopbackHost.is(config.host())) {
            LOG.errorf("Jolokia agent not started: on %s others could reach it, and it has no user and password "
                    + "(set JOLOKIA_USER and JOLOKIA_PASSWORD)", config.host());
            return;
        }
        String url = "http://" + config.host() + ":" + config.port() + "/jolokia/";
        JolokiaServer started = null;
        try {
            // bound only once Jolokia has started: an agent that fails to start leaves no port listening
            http = HttpServer.create();
            // the options as a map, not from JOLOKIA_* variables, which Jolokia would read as its own; no JSR-160
            // proxy, with which a caller has the agent connect to any JMX address it names
            JolokiaServer jolokiaServer = new JolokiaServer(new JolokiaHttpServer(http, config.user().map(user -> authenticator(user,
                    config.password().orElseThrow())).orElse(null)), new JolokiaServerConfig(Map.of("host", config.host(),
                            "port", Integer.toString(config.port()), "disabledServices", JSR160_PROXY), SystemPropertyMode.NEVER),
                    new JulLogHandler(JolokiaAgent.class.getName()));
            jolokiaServer.start();
            started = jolokiaServer;
            http.bind(new InetSocketAddress(config.host(), config.port()), 0);
            http.start();
        } catch (IOException | RuntimeException e) {
            LOG.errorf("Jolokia agent not started on %s:%d: %s", config.host(), config.port(), e.toString());
            if (started != null) {
                started.stop();
            }
            http = null;
            return;
        }
        jolokia = started;
        System.setProperty(AGENT_URL_PROPERTY, url);
        LOG.infof("Jolokia agent on %s%s", url, config.user().isPresent() ? " (basic authentication)" : "");
    }

    void stop(@Observes ShutdownEvent event) {
        if (jolokia != null) {
            jolokia.stop();
            http.stop(0);
            System.clearProperty(AGENT_URL_PROPERTY);
            jolokia = null;
            http = null;
        }
    }

    /** Jolokia's authenticator, which also takes the X-Jolokia-Authorization header Hawtio sends, checking in constant time. */
    private static UserPasswordHttpAuthenticator authenticator(String user, String password) {
        return new UserPasswordHttpAuthenticator(REALM, user, password) {
            @Override
            public boolean checkCredentials(String givenUser, String givenPassword) {
                // both compared, and both always
                return MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8), givenUser.getBytes(StandardCharsets.UTF_8))
                        & MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), givenPassword.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
