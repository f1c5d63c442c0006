package dev.escalationeda.request;

import dev.escalationeda.support.BearerTokenAuthorization;
import dev.escalationeda.support.HttpServerConfig;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Lets a call of {@code /api} through only with API_TOKEN as bearer token; without one, only while the
 * service listens on a loopback address, as anyone reaching it could create namespaces and approve requests.
 */
@Singleton
@Named("apiAuthorization")
public class ApiAuthorization extends BearerTokenAuthorization {

    @Inject
    public ApiAuthorization(ApiConfig config, HttpServerConfig http) {
        this(config, http.host());
    }

    /** @param httpHost the address the HTTP server listens on */
    public ApiAuthorization(ApiConfig config, String httpHost) {
        super(config.token(), "API_TOKEN", "/api", httpHost);
    }
}
