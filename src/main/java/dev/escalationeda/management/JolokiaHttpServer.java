package dev.escalationeda.management;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent's HTTP server, as Jolokia's server sets up its contexts on it. Written by hand because
 * Jolokia (2.4 and later) adds a context {@code <agent>/config} that it serves without any
 * authentication, with the same handler as the agent's, so that any request posted there runs: here
 * that context only answers 404, and every other context Jolokia adds gets {@code authenticator}.
 */
final class JolokiaHttpServer extends HttpServer {

    private static final String CONFIG_CONTEXT = "/config";

    private final HttpServer server;
    private final Authenticator authenticator;

    /** @param authenticator null: the agent's contexts are open (an agent on a loopback address) */
    JolokiaHttpServer(HttpServer server, Authenticator authenticator) {
        this.server = server;
        this.authenticator = authenticator;
    }

    @Override
    public HttpContext createContext(String path, HttpHandler handler) {
        if (path.endsWith(CONFIG_CONTEXT)) {
            return server.createContext(path, exchange -> {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            });
        }
        HttpContext context = server.createContext(path, handler);
        if (authenticator != null) {
            context.setAuthenticator(authenticator);
        }
        return context;
    }

    @Override
    public HttpContext createContext(String path) {
        throw new UnsupportedOperationException("a context of the Jolokia agent needs its handler");
    }

    @Override
    public void bind(InetSocketAddress address, int backlog) throws IOException {
        server.bind(address, backlog);
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void setExecutor(Executor executor) {
        server.setExecutor(executor);
    }

    @Override
    public Executor getExecutor() {
        return server.getExecutor();
    }

    @Override
    public void stop(int delay) {
        server.stop(delay);
    }

    @Override
    public void removeContext(String path) {
        server.removeContext(path);
    }

    @Override
    public void removeContext(HttpContext context) {
        server.removeContext(context);
    }

    @Override
    public InetSocketAddress getAddress() {
        return server.getAddress();
    }
}
