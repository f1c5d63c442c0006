package dev.escalationeda.request;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.api")
public interface ApiConfig {

    /** When set, every call of {@code /api} needs {@code Authorization: Bearer <token>}. */
    Optional<String> token();

    /** The address the service's HTTP server listens on (Quarkus's {@code quarkus.http.host}). */
    String httpHost();
}
