package dev.escalationeda.benchmark;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * The CloudEvents sink of the benchmark: it does as little as possible per event (no CloudEvents
 * parsing, the body is discarded) so that it never limits the service under test. It counts the
 * requests that carry a {@code ce-id} and remembers the ids, to tell duplicated events apart, and
 * counts the events of each strategy run's stage ({@code ce-contextid} and {@code ce-subject}).
 */
final class CountingSink implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final LongAdder events = new LongAdder();
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> stageEvents = new ConcurrentHashMap<>();
    private final HttpServer server;

    CountingSink() {
        server = vertx.createHttpServer().requestHandler(request -> {
            String id = request.getHeader("ce-id");
            String contextId = request.getHeader("ce-contextid");
            String subject = request.getHeader("ce-subject");
            // Answer once the body is read, so the service's pooled connection is ready for the next event.
            request.end().onSuccess(ignored -> {
                if (id == null) {
                    request.response().setStatusCode(400).end("not a binary-mode CloudEvent: no ce-id");
                    return;
                }
                events.increment();
                ids.add(id);
                if (contextId != null) {
                    stageEvents.computeIfAbsent(contextId + "/" + subject, key -> new LongAdder()).increment();
                }
                request.response().setStatusCode(202).end();
            });
        });
        try {
            server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the benchmark sink", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/";
    }

    long events() {
        return events.sum();
    }

    /** Events received more than once with the same id. */
    long duplicates() {
        return events.sum() - ids.size();
    }

    /** Events received from one stage of one run (the same event sent twice counts twice). */
    long stageEvents(String contextId, String stage) {
        LongAdder count = stageEvents.get(contextId + "/" + stage);
        return count == null ? 0 : count.sum();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
