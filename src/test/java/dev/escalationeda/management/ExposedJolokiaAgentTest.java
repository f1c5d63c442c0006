package dev.escalationeda.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An agent that others could reach is not started without its user and password; one that cannot start stops nothing else. */
class ExposedJolokiaAgentTest {

    @ParameterizedTest(name = "host {0}, user {1}, password {2}")
    @CsvSource(nullValues = "-", value = {"0.0.0.0,-,-", "0.0.0.0,hawtio,-", "127.0.0.1,-,s3cret"})
    void isNotStarted(String host, String user, String password) throws IOException {
        int port = JolokiaAgentTest.freePort();
        JolokiaAgent agent = new JolokiaAgent(config(host, port, user, password));

        agent.start(null);

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        agent.stop(null);
    }

    @ParameterizedTest(name = "host {0}")
    @CsvSource({"0.0.0.0", "127.0.0.1"})
    void startsWithItsUserAndPassword(String host) throws IOException {
        int port = JolokiaAgentTest.freePort();
        JolokiaAgent agent = new JolokiaAgent(config(host, port, "hawtio", "s3cret"));

        agent.start(null);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            assertThat(socket.isConnected()).isTrue();
        } finally {
            agent.stop(null);
        }
    }

    @Test
    void aPortTakenLeavesTheAgentOffAndTheServiceRunning() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            JolokiaAgent agent = new JolokiaAgent(config("127.0.0.1", taken.getLocalPort(), null, null));

            assertThatCode(() -> agent.start(null)).doesNotThrowAnyException();
            agent.stop(null);
        }
    }

    private static JolokiaConfig config(String host, int port, String user, String password) {
        return new JolokiaConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String host() {
                return host;
            }

            @Override
            public Optional<String> user() {
                return Optional.ofNullable(user);
            }

            @Override
            public Optional<String> password() {
                return Optional.ofNullable(password);
            }
        };
    }
}
