package dev.escalationeda.it;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.icegreen.greenmail.util.GreenMail;
import dev.escalationeda.testing.GreenMailResource;

/** A real SMTP server (GreenMail) receiving the service's escalation mails, counted by their Message-ID. */
final class EscalationMailbox implements AutoCloseable {

    private final GreenMail smtp = GreenMailResource.smtpServer();

    /** The service's SMTP settings for this mailbox. */
    Map<String, String> environment() {
        return Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()));
    }

    /** Every escalation mail received, duplicates included. */
    List<String> messageIds() {
        return Arrays.stream(smtp.getReceivedMessages()).filter(message -> GreenMailResource.subject(message).startsWith("Escalation"))
                .map(GreenMailResource::messageId).toList();
    }

    /** How many times each escalation (Message-ID) was received. */
    Map<String, Long> copies() {
        return messageIds().stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    @Override
    public void close() {
        smtp.stop();
    }
}
