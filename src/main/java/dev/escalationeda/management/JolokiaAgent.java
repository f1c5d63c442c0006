package dev.escalationeda.management;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.jolokia.jvmagent.JvmAgent;

/**
 * Jolokia's JVM agent in the service's own process, when JOLOKIA_ENABLED: Hawtio reads the Camel
 * routes' MBeans (org.apache.camel:type=routes,*) through it over HTTP. Started in-process because
 * the container's command line stays {@code java -jar}.
 */
@ApplicationScoped
public class JolokiaAgent {

    private static final Logger LOG = Logger.getLogger(JolokiaAgent.class);

    private final JolokiaConfig config;

    public JolokiaAgent(JolokiaConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            JvmAgent.agentmain("port=" + config.port() + ",host=" + config.host(), null);
            LOG.infof("Jolokia agent on http://%s:%d/jolokia/", config.host(), config.port());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (config.enabled()) {
            JvmAgent.agentmain("mode=stop", null);
        }
    }
}
