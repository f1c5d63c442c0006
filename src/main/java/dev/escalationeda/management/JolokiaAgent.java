package dev.escalationeda.management;

import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JvmAgentConfig;

/**
 * Jolokia's JVM agent in the service's own process, when JOLOKIA_ENABLED: Hawtio reads the Camel
 * routes' MBeans (org.apache.camel:type=routes,*) through it over HTTP. Started in-process because
 * the container's command line stays {@code java -jar}. Jolokia can invoke any MBean operation (stop
 * a route, say), so an agent others can reach must have a user and password: without them it is not
 * started, and the service runs on without it.
 */
@ApplicationScoped
public class JolokiaAgent {

    private static final Logger LOG = Logger.getLogger(JolokiaAgent.class);

    private final JolokiaConfig config;
    private JolokiaServer server;

    public JolokiaAgent(JolokiaConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) throws IOException {
        if (!config.enabled()) {
            return;
        }
        if (config.user().isPresent() != config.password().isPresent()) {
            LOG.errorf("Jolokia agent not started: set both JOLOKIA_USER and JOLOKIA_PASSWORD, or neither");
            return;
        }
        // the options as a map: a password may hold the commas and '=' of the agent's option string
        Map<String, String> options = new HashMap<>(Map.of("port", Integer.toString(config.port()), "host", config.host()));
        if (config.user().isPresent()) {
            options.put("user", config.user().get());
            options.put("password", config.password().orElseThrow());
        } else if (!InetAddress.getByName(config.host()).isLoopbackAddress()) {
            LOG.errorf("Jolokia agent not started: on %s others could reach it, and it has no user and password "
                    + "(set JOLOKIA_USER and JOLOKIA_PASSWORD)", config.host());
            return;
        }
        server = new JolokiaServer(new JvmAgentConfig(options));
        server.start();
        LOG.infof("Jolokia agent on http://%s:%d/jolokia/%s", config.host(), config.port(),
                config.user().isPresent() ? " (basic authentication)" : "");
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.stop();
        }
    }
}
