package dev.escalationeda.request;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Lets a call of the request API through only with the configured bearer token (compared in
 * constant time). Without a token the API is open, as on a developer's machine.
 */
@ApplicationScoped
@Named("apiAuthorization")
public class ApiAuthorization implements Processor {

    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    public ApiAuthorization(ApiConfig config) {
        this.token = config.token().map(value -> value.getBytes(StandardCharsets.UTF_8));
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
