package dev.escalationeda.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import dev.escalationeda.testing.GreenMailResource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service's SMTP sender against a real SMTP server, counting the SMTP sessions in Jakarta Mail's protocol trace. */
class SmtpSenderTest {

    private static final Pattern GREETING = Pattern.compile("^EHLO ", Pattern.MULTILINE);

    private final ByteArrayOutputStream trace = new ByteArrayOutputStream();
    private GreenMail server;
    private SmtpSender sender;

    @BeforeEach
    void start() {
        server = GreenMailResource.smtpServer();
        sender = new SmtpSender(config(server.getSmtp().getPort()));
        Session session = Session.getInstance(sender.getJavaMailProperties());
        session.setDebug(true);
        session.setDebugOut(new PrintStream(trace, true, StandardCharsets.UTF_8));
        sender.setSession(session);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void mailSentInsideOneConnectionSharesOneSmtpSessionAndKeepsItsMessageIds() throws Exception {
        sender.inOneConnection(() -> {
            for (int i = 1; i <= 3; i++) {
                send(mail("escalation " + i, "<escalation." + i + "@example.com>"));
            }
            return null;
        });
        send(mail("outcome", null));

        assertThat(sessions()).as("one session for the three, one for the mail sent on its own").isEqualTo(2);
        assertThat(Arrays.stream(server.getReceivedMessages()).map(GreenMailResource::messageId)).hasSize(4)
                .contains("<escalation.1@example.com>", "<escalation.2@example.com>", "<escalation.3@example.com>");
    }

    @Test
    void aFailedMailClosesTheConnectionAndTheNextOneConnectsAgain() {
        sender.inOneConnection(() -> {
            send(mail("before", null));
            MimeMessage unaddressed = mail("nobody", null);
            assertThatThrownBy(() -> {
                unaddressed.setRecipients(Message.RecipientType.TO, "");
                sender.send(unaddressed);
            }).isInstanceOf(MessagingException.class);
            send(mail("after", null));
            return null;
        });

        assertThat(sessions()).isEqualTo(2);
        assertThat(server.getReceivedMessages()).hasSize(2);
    }

    private void send(MimeMessage message) {
        try {
            sender.send(message);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private MimeMessage mail(String subject, String messageId) {
        try {
            MimeMessage message = new MimeMessage(sender.getSession());
            message.setFrom("escalation-eda@example.com");
            message.setRecipients(Message.RecipientType.TO, "boss@example.com");
            message.setSubject(subject);
            message.setText("text");
            if (messageId != null) {
                message.setHeader("Message-ID", messageId);
            }
            return message;
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private long sessions() {
        return GREETING.matcher(trace.toString(StandardCharsets.UTF_8)).results().count();
    }

    private static SmtpConfig config(int port) {
        return new SmtpConfig() {
            @Override
            public Optional<String> host() {
                return Optional.of("127.0.0.1");
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public Optional<String> username() {
                return Optional.empty();
            }

            @Override
            public Optional<String> password() {
                return Optional.empty();
            }

            @Override
            public int timeoutMs() {
                return 5000;
            }
        };
    }
}
