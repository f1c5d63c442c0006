package dev.escalationeda.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * The HTTP endpoints' header filter (component option of platform-http): Camel's own filter drops
 * inbound headers that start with {@code Camel} or {@code camel} only, so {@code CAMELMETRICSNAME} or
 * {@code CAmelHttpUri} reached the routes as Camel control headers (the header map ignores case).
 * This one drops them in any case (CVE-2025-27636, fixed in Camel 4.8.5; the stack is on 4.8.1).
 */
@ApplicationScoped
@Named("inboundHeaderFilter")
public class InboundHeaderFilter extends HttpHeaderFilterStrategy {

    public InboundHeaderFilter() {
        setInFilterPattern("(?i)(camel|org\\.apache\\.camel\\.).*");
    }
}
