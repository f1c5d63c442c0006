package dev.escalationeda.notification;

import java.util.Date;
import java.util.Properties;
import java.util.function.Supplier;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.apache.camel.component.mail.DefaultJavaMailSender;
import org.jboss.logging.Logger;

/**
 * camel-mail's sender for the service's SMTP server ({@code javaMailSender} of the routes' smtp
 * endpoint), with one addition: the mail a thread sends {@linkplain #inOneConnection inside one
 * connection} shares one SMTP session. camel-mail connects, greets the server and quits for every
 * message, and neither it nor Jakarta Mail keeps connections; in a burst of escalations that
 * per-message handshake cost the service and the SMTP server more CPU than the mails themselves.
 */
@Startup
@ApplicationScoped
@Named("smtpSender")
public class SmtpSender extends DefaultJavaMailSender {

    private static final Logger LOG = Logger.getLogger(SmtpSender.class);

    /** The connection of the thread's current {@link #inOneConnection} call. */
    private final ThreadLocal<SharedConnection> shared = new ThreadLocal<>();

    public SmtpSender(SmtpConfig config) {
        setProtocol("smtp");
        setHost(config.host().orElse("localhost"));
        setPort(config.port());
        setUsername(config.username().orElse(null));
        setPassword(config.password().orElse(null));
        Properties properties = new Properties();
        properties.setProperty("mail.smtp.connectiontimeout", Integer.toString(config.timeoutMs()));
        properties.setProperty("mail.smtp.timeout", Integer.toString(config.timeoutMs()));
        setJavaMailProperties(properties);
        // Built now, once, when there is a server to send to: building a Jakarta Mail session scans the
        // classpath for providers, which the superclass would otherwise do lazily, and unsynchronised, in
        // each sender thread of the first burst.
        if (config.host().isPresent()) {
            getSession();
        }
    }

    /**
     * Runs {@code work}, sending the mail this thread sends meanwhile over one connection, opened at
     * the first mail and closed at the end. A failed mail closes it; the next one connects again.
     */
    public <T> T inOneConnection(Supplier<T> work) {
        if (shared.get() != null) {
            return work.get();
        }
        SharedConnection connection = new SharedConnection();
        shared.set(connection);
        try {
            return work.get();
        } finally {
            shared.remove();
            connection.close();
        }
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        SharedConnection connection = shared.get();
        if (connection == null) {
            super.send(message);
            return;
        }
        // what the superclass does to each message before sending it
        if (message.getSentDate() == null) {
            message.setSentDate(new Date());
        }
        String messageId = message.getMessageID();
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        connection.send(message);
    }

    /** One SMTP connection, opened at its first mail and again after a failed one. */
    private final class SharedConnection {

        private Transport transport;

        void send(MimeMessage message) throws MessagingException {
            if (transport == null) {
                Transport connecting = getTransport(getSession());
                PasswordAuthentication authentication = getPasswordAuthentication();
                connecting.connect(getHost(), getPort(), authentication.getUserName(), authentication.getPassword());
                transport = connecting;
            }
            try {
                transport.sendMessage(message, message.getAllRecipients());
            } catch (MessagingException e) {
                close();
                throw e;
            }
        }

        void close() {
            if (transport != null) {
                try {
                    transport.close();
                } catch (MessagingException e) {
                    LOG.debugf("Closing the SMTP connection failed: %s", e.getMessage());
                }
                transport = null;
            }
        }
    }
}
