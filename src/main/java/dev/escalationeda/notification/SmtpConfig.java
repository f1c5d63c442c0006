package dev.escalationeda.notification;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The SMTP server mail goes to ({@code smtp.*}); without a host, mail goes to the .eml outbox instead. */
@ConfigMapping(prefix = "smtp")
public interface SmtpConfig {

    Optional<String> host();

    int port();

    Optional<String> username();

    Optional<String> password();

    /** For connecting and for each reply of the server. */
    int timeoutMs();
}
