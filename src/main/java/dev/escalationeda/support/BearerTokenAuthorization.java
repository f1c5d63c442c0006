package dev.escalationeda.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import dev.escalationeda.request.RequestRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lets a call through only with the configured bearer token (compared in constant time); 401
 * otherwise. Without a token the endpoint is open, as on a developer's machine.
 */
public abstract class BearerTokenAuthorization implements Processor {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    protected BearerTokenAuthorization(Optional<String> token) {
        this.token = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void process(Exchange exchange) {
        if (token.isEmpty()) {
            return;
        }
        String header = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] presented = header != null && header.startsWith(BEARER)
                ? header.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token.get(), presented)) {
            throw new RequestRejectedException(401, Map.of("authorization", "a valid 'Authorization: Bearer <token>' header is required"));
        }
    }
}
