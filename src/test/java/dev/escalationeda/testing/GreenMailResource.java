package dev.escalationeda.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real SMTP server (GreenMail) on a free loopback port, as SMTP_HOST / SMTP_PORT of the service. */
public class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the running server. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Mail {
    }

    private GreenMail greenMail;

    @Override
    public Map<String, String> start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
        return Map.of("smtp.host", "127.0.0.1", "smtp.port", Integer.toString(greenMail.getSmtp().getPort()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(greenMail, new TestInjector.AnnotatedAndMatchesType(Mail.class, GreenMail.class));
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }
}
