package dev.escalationeda.notification;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.backstage")
public interface BackstageConfig {

    /** Base URL of Backstage; notifications go to {@code <url>/api/notifications}. */
    Optional<String> notificationsUrl();

    Optional<String> bearerToken();
}
