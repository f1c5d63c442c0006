package dev.escalationeda.notification;

import io.smallrye.config.ConfigMapping;

/** Mail as the service writes it; the SMTP server itself is configured for camel-mail ({@code smtp.*}). */
@ConfigMapping(prefix = "eda.mail")
public interface MailConfig {

    String from();

    /** Where mail goes as .eml files when no SMTP server is configured. */
    String outboxDir();
}
