package dev.escalationeda.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.util.StreamProvider;
import org.eclipse.angus.mail.util.MailStreamProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MailStreamProviderSelectionTest {

    @Test
    void jakartaMailIsToldWhichStreamProviderToUseInsteadOfSearchingTheClasspath() {
        assertThat(System.getProperty(MailStreamProviderSelection.PROPERTY)).isEqualTo(MailStreamProvider.class.getName());
        assertThat(StreamProvider.provider()).isInstanceOf(MailStreamProvider.class);
    }
}
