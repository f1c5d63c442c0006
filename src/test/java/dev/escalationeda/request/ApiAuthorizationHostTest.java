package dev.escalationeda.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Without API_TOKEN the API is open only to a service listening on a loopback address. */
class ApiAuthorizationHostTest {

    private static final ApiConfig NO_TOKEN = config(Optional.empty());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "localhost", "::1"})
    void withoutATokenALoopbackServiceIsOpen(String host) {
        assertThatCode(() -> new ApiAuthorization(NO_TOKEN, host).process(call(null))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.1.2.3"})
    void withoutATokenAServiceReachableFromElsewhereRefusesEveryCall(String host) {
        RequestRejectedException refused = catchThrowableOfType(RequestRejectedException.class,
                () -> new ApiAuthorization(NO_TOKEN, host).process(call("Bearer anything")));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("errors")).asString().contains("API_TOKEN is not set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1"})
    void withATokenEveryServiceTakesCallsThatPresentIt(String host) {
        ApiAuthorization authorization = new ApiAuthorization(config(Optional.of("secret-token")), host);

        assertThatCode(() -> authorization.process(call("Bearer secret-token"))).doesNotThrowAnyException();
        assertThat(catchThrowableOfType(RequestRejectedException.class, () -> authorization.process(call(null))).status())
                .isEqualTo(401);
    }

    @Test
    void theApiTakesItsTokenFromTheHeaderOnlyNeverFromTheAddress() {
        Exchange call = call(null);
        call.getMessage().setHeader(Exchange.HTTP_QUERY, "access_token=secret-token");

        assertThat(catchThrowableOfType(RequestRejectedException.class,
                () -> new ApiAuthorization(config(Optional.of("secret-token")), "0.0.0.0").process(call)).status()).isEqualTo(401);
    }

    private static ApiConfig config(Optional<String> token) {
        return () -> token;
    }

    private static Exchange call(String authorization) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", authorization);
        return exchange;
    }
}
