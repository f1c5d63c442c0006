package dev.escalationeda.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.vertx.VertxMessageFactory;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * A CloudEvents HTTP receiver, as a Knative sink would be: every request is read with the
 * CloudEvents SDK, so a malformed event fails here the way it would downstream.
 */
public final class CloudEventSink implements AutoCloseable {

    /** How the sink answers. */
    public enum Mode {
        ACCEPT,
        /** 503, as a broker that is overloaded. */
        UNAVAILABLE,
        /** Close the connection without answering, as a sink that went away. */
        DROP_CONNECTION,
        /** Never answer, as a sink that hangs. */
        HANG
    }

    private final Vertx vertx = Vertx.vertx();
    private final List<CloudEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> rejections = new CopyOnWriteArrayList<>();
    private final List<CloudEvent> refused = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile Mode mode = Mode.ACCEPT;
    private volatile Predicate<CloudEvent> refusing = event -> false;

    public CloudEventSink() {
        server = vertx.createHttpServer().requestHandler(request -> {
            attempts.incrementAndGet();
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                request.response().setStatusCode(503).end();
                return;
            }
            switch (mode) {
                case HANG -> request.pause();
                case UNAVAILABLE -> request.response().setStatusCode(503).end();
                case DROP_CONNECTION -> request.connection().close();
                case ACCEPT -> VertxMessageFactory.createReader(request)
                        .map(reader -> reader.toEvent())
                        .onSuccess(event -> {
                            if (refusing.test(event)) {
                                refused.add(event);
                                request.response().setStatusCode(422).end("refused");
                                return;
                            }
                            events.add(event);
                            request.response().setStatusCode(202).end();
                        })
                        .onFailure(failure -> {
                            rejections.add(failure.getMessage());
                            request.response().setStatusCode(400).end(failure.getMessage());
                        });
            }
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the CloudEvent sink", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/";
    }

    public List<CloudEvent> events() {
        return List.copyOf(events);
    }

    /** Requests received, whatever the answer. */
    public int attempts() {
        return attempts.get();
    }

    /** Requests that were not valid CloudEvents; a correct emitter leaves this empty. */
    public List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** Valid events answered with 422, as a sink whose consumer refuses them; every attempt is kept. */
    public List<CloudEvent> refused() {
        return List.copyOf(refused);
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Answers the next {@code requests} requests with 503, as a broker that recovers, then as its mode says. */
    public void unavailableFor(int requests) {
        failuresLeft.set(requests);
    }

    /** In {@link Mode#ACCEPT}, the events to answer with 422 instead. */
    public void refuse(Predicate<CloudEvent> refusing) {
        this.refusing = refusing;
    }

    public void reset() {
        mode = Mode.ACCEPT;
        refusing = event -> false;
        events.clear();
        refused.clear();
        rejections.clear();
        attempts.set(0);
        failuresLeft.set(0);
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
