package dev.escalationeda.notification;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;

/**
 * Names Jakarta Mail's StreamProvider (Angus Mail's, the implementation on the classpath) once, as
 * a system property. Without it Jakarta Mail 2.1 runs a ServiceLoader over the classpath for every
 * MIME part it creates or writes (jakartaee/mail-api#699 and #861), a sixth of the CPU an
 * escalation mail costs; with it the lookup is a class load.
 */
@ApplicationScoped
public class MailStreamProviderSelection {

    /** The system property Jakarta Mail reads first: the name of the provider interface. */
    static final String PROPERTY = StreamProvider.class.getName();

    void select(@Observes StartupEvent started) {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, MailStreamProvider.class.getName());
        }
    }
}
