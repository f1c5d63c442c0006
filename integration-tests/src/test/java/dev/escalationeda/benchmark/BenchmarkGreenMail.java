package dev.escalationeda.benchmark;

import java.net.Socket;
import java.net.SocketException;
import java.util.Map;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * GreenMail's SMTP server on the loopback address, set up so that it does not set the pace of a
 * benchmark that shares the machine with it:
 * <ul>
 * <li>TCP_NODELAY on its connections: GreenMail flushes every line of a multi-line reply on its
 * own, and with Nagle's algorithm the second line of each EHLO reply waits for the client's delayed
 * ACK (40 ms). A production MTA writes such a reply at once.</li>
 * <li>Jakarta Mail's StreamProvider named by its system property: otherwise every message GreenMail
 * stores runs ServiceLoader lookups over the classpath (jakartaee/mail-api#699 and #861), which took
 * most of its CPU.</li>
 * </ul>
 */
final class BenchmarkGreenMail extends GreenMail {

    BenchmarkGreenMail() {
        super(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        System.setProperty(StreamProvider.class.getName(), MailStreamProvider.class.getName());
    }

    @Override
    protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers managers) {
        return Map.of(ServerSetup.PROTOCOL_SMTP, new SmtpServer(setups[0], managers) {
            @Override
            protected void handleClientSocket(Socket socket) throws SocketException {
                socket.setTcpNoDelay(true);
                super.handleClientSocket(socket);
            }
        });
    }
}
