package dev.escalationeda.request;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.api")
public interface ApiConfig {

    /** When set, every call of {@code /api} needs {@code Authorization: Bearer <token>}. */
    Optional<String> token();
}
