package dev.escalationeda.notification;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Without an SMTP server, mail is written as .eml files (RFC 822, text and HTML alternatives), the
 * same message that would have been sent; any mail client opens them.
 */
@ApplicationScoped
@Named("mailOutbox")
public class MailOutbox {

    private final MailConfig config;

    public MailOutbox(MailConfig config) {
        this.config = config;
    }

    /** Takes the message {@link NotificationMessages#email} prepared; returns the file written. */
    public String write(Exchange exchange) {
        Message message = exchange.getMessage();
        try {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()));
            mail.setFrom(new InternetAddress(message.getHeader("From", String.class)));
            mail.setRecipients(jakarta.mail.Message.RecipientType.TO, InternetAddress.parse(message.getHeader("To", String.class)));
            mail.setSubject(message.getHeader("Subject", String.class), "UTF-8");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(message.getHeader("CamelMailAlternativeBody", String.class), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setContent(message.getBody(String.class), "text/html; charset=UTF-8");
            mail.setContent(new MimeMultipart("alternative", text, html));
            mail.saveChanges();
            // saveChanges() gives the mail a new Message-ID; a stable one chosen by the sender is kept
            String messageId = message.getHeader("Message-ID", String.class);
            if (messageId != null) {
                mail.setHeader("Message-ID", messageId);
            }
            Path directory = Path.of(config.outboxDir());
            Files.createDirectories(directory);
            Path file = directory.resolve(System.currentTimeMillis() + "-" + UUID.randomUUID() + ".eml");
            try (OutputStream out = Files.newOutputStream(file)) {
                mail.writeTo(out);
            }
            return file.toString();
        } catch (MessagingException e) {
            throw new IllegalStateException("cannot compose mail", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
