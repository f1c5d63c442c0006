package dev.escalationeda.request;

import java.util.Map;

import dev.escalationeda.support.BearerTokenAuthorization;
import dev.escalationeda.support.LoopbackHost;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * Lets a call of {@code /api} through only with API_TOKEN as bearer token, when one is set. Without a
 * token the API is open only while the service listens on a loopback address (a developer's machine):
 * listening beyond it, anyone who reaches the service could create namespaces and approve requests, so
 * every call is then refused with 503 until API_TOKEN is set.
 */
@Singleton
@Named("apiAuthorization")
public class ApiAuthorization extends BearerTokenAuthorization {

    private static final Logger LOG = Logger.getLogger(ApiAuthorization.class);

    private final boolean closed;

    @Inject
    public ApiAuthorization(ApiConfig config) {
        this(config, config.httpHost());
    }

    /** @param httpHost the address the HTTP server listens on */
    public ApiAuthorization(ApiConfig config, String httpHost) {
        super(config.token());
        closed = config.token().isEmpty() && !LoopbackHost.is(httpHost);
        if (closed) {
            LOG.errorf("API_TOKEN is not set and the service listens on %s, beyond this machine: every call of /api "
                    + "is refused with 503 until API_TOKEN is set", httpHost);
        }
    }

    @Override
    public void process(Exchange exchange) {
        if (closed) {
            throw new RequestRejectedException(503, Map.of("authorization",
                    "API_TOKEN is not set: without it the API answers only when the service listens on a loopback address"));
        }
        super.process(exchange);
    }
}
