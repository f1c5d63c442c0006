package dev.escalationeda.management;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eda.jolokia")
public interface JolokiaConfig {

    /** Starts the Jolokia agent (JMX over HTTP, for Hawtio). */
    @WithDefault("false")
    boolean enabled();

    @WithDefault("8778")
    int port();

    /** The address it listens on: 0.0.0.0 in a pod, so that Hawtio reaches it (then with a user and password). */
    @WithDefault("127.0.0.1")
    String host();

    /** HTTP basic authentication of the agent; required unless it listens on a loopback address only. */
    Optional<String> user();

    Optional<String> password();
}
