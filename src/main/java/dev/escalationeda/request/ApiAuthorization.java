package dev.escalationeda.request;

import dev.escalationeda.support.BearerTokenAuthorization;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** Lets a call of {@code /api} through only with API_TOKEN as bearer token, when one is set. */
@Singleton
@Named("apiAuthorization")
public class ApiAuthorization extends BearerTokenAuthorization {

    public ApiAuthorization(ApiConfig config) {
        super(config.token());
    }
}
