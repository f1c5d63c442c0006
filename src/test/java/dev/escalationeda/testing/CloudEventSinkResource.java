package dev.escalationeda.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts a {@link CloudEventSink} and points the service's K_SINK at it. */
public class CloudEventSinkResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running sink. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Sink {
    }

    private CloudEventSink sink;

    @Override
    public Map<String, String> start() {
        sink = new CloudEventSink();
        return Map.of("eda.events.sink", sink.url());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(sink, new TestInjector.AnnotatedAndMatchesType(Sink.class, CloudEventSink.class));
    }

    @Override
    public void stop() {
        if (sink != null) {
            sink.close();
        }
    }
}
