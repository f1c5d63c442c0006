package dev.escalationeda.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import dev.escalationeda.request.RequestRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;

/**
 * Lets a call through only with the configured bearer token (compared in constant time); 401
 * otherwise. Without a token the endpoint is open only while the service listens on a loopback
 * address (a developer's machine): listening beyond it, anyone who reaches the service could call
 * it, so every call is then refused with 503 until the token is set.
 */
public abstract class BearerTokenAuthorization implements Processor {

    private static final Logger LOG = Logger.getLogger(BearerTokenAuthorization.class);
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;
    private final String setting;
    private final String endpoint;
    private final boolean closed;

    /**
     * @param setting the variable that sets the token, for the messages
     * @param endpoint what the token opens, for the messages
     * @param httpHost the address the HTTP server listens on
     */
    protected BearerTokenAuthorization(Optional<String> token, String setting, String endpoint, String httpHost) {
        this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
        this.setting = setting;
        this.endpoint = endpoint;
        closed = token.isEmpty() && !LoopbackHost.is(httpHost);
        if (closed) {
            LOG.errorf("%s is not set and the service listens on %s, beyond this machine: every call of %s "
                    + "is refused with 503 until %s is set", setting, httpHost, endpoint, setting);
        }
    }

    @Override
    public void process(Exchange exchange) {
        if (closed) {
            throw new RequestRejectedException(503, Map.of("authorization", setting + " is not set: without it "
                    + endpoint + " answers only when the service listens on a loopback address"));
        }
        if (token.isEmpty()) {
            return;
        }
        byte[] presented = presentedToken(exchange.getMessage()).map(value -> value.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        if (!MessageDigest.isEqual(token.get(), presented)) {
            throw new RequestRejectedException(401, Map.of("authorization", "a valid 'Authorization: Bearer <token>' header is required"));
        }
    }

    /** The token the call presents: the one of its {@code Authorization: Bearer} header. */
    protected Optional<String> presentedToken(Message message) {
        String header = message.getHeader("Authorization", String.class);
        return header != null && header.startsWith(BEARER) ? Optional.of(header.substring(BEARER.length())) : Optional.empty();
    }
}
