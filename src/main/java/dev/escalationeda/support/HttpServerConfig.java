package dev.escalationeda.support;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.http")
public interface HttpServerConfig {

    /** The address the service's HTTP server listens on (Quarkus's {@code quarkus.http.host}). */
    String host();
}
