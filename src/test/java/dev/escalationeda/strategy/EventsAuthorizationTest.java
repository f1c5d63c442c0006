package dev.escalationeda.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;

import dev.escalationeda.request.RequestRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** EVENTS_TOKEN as bearer token or, for a Knative Trigger, in the subscriber URI; without it, loopback only. */
class EventsAuthorizationTest {

    private static final String TOKEN = "events+token/1";

    private final EventsAuthorization authorization = new EventsAuthorization(Optional.of(TOKEN), "0.0.0.0");

    @Test
    void theTokenIsTakenAsBearerTokenOrAsTheAccessTokenQueryParameter() {
        assertThatCode(() -> authorization.process(event("Bearer " + TOKEN, null))).doesNotThrowAnyException();
        assertThatCode(() -> authorization.process(event(null, "access_token=events%2Btoken%2F1"))).doesNotThrowAnyException();
        assertThatCode(() -> authorization.process(event(null, "other=1&access_token=events%2Btoken%2F1"))).doesNotThrowAnyException();
    }

    @Test
    void aWrongMissingOrMalformedTokenIsRefused() {
        assertThat(refused(event(null, null))).isEqualTo(401);
        assertThat(refused(event(null, "access_token=wrong"))).isEqualTo(401);
        assertThat(refused(event(null, "access_token="))).isEqualTo(401);
        assertThat(refused(event(null, "token=" + TOKEN))).isEqualTo(401);
        assertThat(refused(event(null, "access_token=%zz"))).isEqualTo(401);
        // a bearer token that is wrong is not rescued by a right one in the address
        assertThat(refused(event("Bearer wrong", "access_token=events%2Btoken%2F1"))).isEqualTo(401);
    }

    @Test
    void withoutATokenEventsAreTakenOnALoopbackAddressOnly() {
        assertThatCode(() -> new EventsAuthorization(Optional.empty(), "127.0.0.1").process(event(null, null))).doesNotThrowAnyException();

        RequestRejectedException closed = catchThrowableOfType(RequestRejectedException.class,
                () -> new EventsAuthorization(Optional.empty(), "0.0.0.0").process(event(null, null)));
        assertThat(closed.status()).isEqualTo(503);
        assertThat(closed.body().get("errors")).asString().contains("EVENTS_TOKEN is not set");
    }

    private int refused(Exchange event) {
        return catchThrowableOfType(RequestRejectedException.class, () -> authorization.process(event)).status();
    }

    private static Exchange event(String authorization, String query) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", authorization);
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, query);
        return exchange;
    }
}
