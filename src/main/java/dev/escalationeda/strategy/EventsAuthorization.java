package dev.escalationeda.strategy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import dev.escalationeda.support.BearerTokenAuthorization;
import dev.escalationeda.support.HttpServerConfig;
import io.netty.handler.codec.http.QueryStringDecoder;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Lets an event into {@code POST /events} only with EVENTS_TOKEN; without one, only while the service
 * listens on a loopback address. The token comes as bearer token or, from a sender that cannot set a
 * header (a Knative Trigger, whose subscriber is only a URI), as the {@code access_token} query
 * parameter of RFC 6750.
 */
@Singleton
@Named("eventsAuthorization")
public class EventsAuthorization extends BearerTokenAuthorization {

    private static final String ACCESS_TOKEN = "access_token";

    @Inject
    public EventsAuthorization(StrategyConfig config, HttpServerConfig http) {
        this(config.eventsToken(), http.host());
    }

    /** @param httpHost the address the HTTP server listens on */
    public EventsAuthorization(Optional<String> eventsToken, String httpHost) {
        super(eventsToken, "EVENTS_TOKEN", "/events", httpHost);
    }

    @Override
    protected Optional<String> presentedToken(Message message) {
        Optional<String> bearer = super.presentedToken(message);
        String query = message.getHeader(Exchange.HTTP_QUERY, String.class);
        if (bearer.isPresent() || query == null) {
            return bearer;
        }
        try {
            List<String> values = new QueryStringDecoder(query, StandardCharsets.UTF_8, false).parameters().get(ACCESS_TOKEN);
            return values == null ? Optional.empty() : Optional.of(values.get(0));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
