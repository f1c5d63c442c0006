package dev.escalationeda.kamelet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.CountMatchingStrategy;
import com.icegreen.greenmail.util.GreenMail;
import dev.escalationeda.provisioning.NamespaceConflictException;
import dev.escalationeda.request.RequestRejectedException;
import dev.escalationeda.testing.GreenMailResource;
import dev.escalationeda.testing.JiraAndBackstageResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.Model;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * The sink Kamelets, each bound as a Pipe binds it (src/test/resources/kamelet/sink-kamelets-test-binding.camel.yaml)
 * and given CloudEvents in binary mode: mail to a real SMTP server (GreenMail), notifications to Backstage
 * (WireMock), namespaces to the Kubernetes API (the fabric8 mock server in CRUD mode).
 */
@QuarkusTest
@TestProfile(SinkKameletsTest.SinkBindings.class)
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(value = JiraAndBackstageResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = GreenMailResource.class, restrictToAnnotatedClass = true)
class SinkKameletsTest {

    public static class SinkBindings implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("camel.main.routes-include-pattern",
                    "classpath:routes/*.camel.yaml,classpath:kamelet/sink-kamelets-test-binding.camel.yaml",
                    "eda.provisioning.mode", "kubernetes");
        }
    }

    private static final String MAIL = "direct:escalation-mail-sink-test";
    private static final String MAIL_WITH_FALLBACK = "direct:escalation-mail-sink-fallback-test";
    private static final String BACKSTAGE = "direct:backstage-notification-sink-test";
    private static final String PROVISIONING = "direct:namespace-provisioning-sink-test";
    private static final String ESCALATED = "dev.escalationeda.namespace.escalated";

    @Inject
    CamelContext camelContext;

    @Inject
    ProducerTemplate producer;

    @GreenMailResource.Mail
    GreenMail mail;

    WireMockServer backstage;

    @KubernetesTestServer
    KubernetesServer kubernetes;

    @Test
    void everyKameletInTheFolderIsLoaded() throws IOException {
        Model model = camelContext.getCamelContextExtension().getContextPlugin(Model.class);
        assertThat(KameletDefinitionsTest.kamelets().map(file -> file.getFileName().toString().replace(".kamelet.yaml", "")))
                .hasSize(4).allSatisfy(kamelet -> assertThat(model.getRouteTemplateDefinition(kamelet)).as(kamelet).isNotNull());
    }

    @Test
    void anEscalationIsMailedWithBothPartsALinkAndAStableMessageId() throws Exception {
        String namespace = namespace();
        send(MAIL, ESCALATED, """
                {"requestId":"req-%1$s","namespace":"%1$s","size":"large","requester":"jdoe","level":2,
                 "to":["boss@example.com","cto@example.com"],"waitedSeconds":4000,"ticket":"PLAT-7"}""".formatted(namespace));

        MimeMessage message = oneMail(mailsFor(namespace), 2);
        assertThat(addresses(message.getAllRecipients())).containsExactly("boss@example.com", "cto@example.com");
        assertThat(addresses(message.getFrom())).containsExactly("escalations@example.com");
        assertThat(message.getSubject()).isEqualTo("Escalation (level 2): namespace request " + namespace + " waits for approval");
        assertThat(message.getMessageID()).isEqualTo("<escalation.req-" + namespace + ".2@example.com>");
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat((String) parts.getBodyPart(0).getContent()).contains(namespace, "size large", "jdoe", "has waited 1 h 6 min",
                "in PLAT-7", "https://jira.example.com/browse/PLAT-7");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(1).getContent()).contains("href=\"https://jira.example.com/browse/PLAT-7\"");
    }

    @Test
    void anEscalationWithoutRecipientsGoesToTheFallbackOrNowhere() throws Exception {
        String namespace = namespace();
        String event = """
                {"requestId":"req-%1$s","namespace":"%1$s","size":"small","requester":"jdoe","level":1,"to":[],
                 "waitedSeconds":30}""".formatted(namespace);

        send(MAIL, ESCALATED, event);
        send(MAIL_WITH_FALLBACK, ESCALATED, event);

        MimeMessage message = oneMail(mailsFor(namespace), 2);
        assertThat(addresses(message.getAllRecipients())).containsExactly("leads@example.com", "oncall@example.com");
        assertThat((String) ((MimeMultipart) message.getContent()).getBodyPart(0).getContent())
                .contains("in the approval inbox").doesNotContain("http");
    }

    @Test
    void anEventTheMailSinkCannotReadFailsWithItsReasonAndSendsNothing() {
        int before = mail.getReceivedMessages().length;

        assertThatThrownBy(() -> send(MAIL, ESCALATED, "{\"namespace\":"))
                .hasRootCauseInstanceOf(com.fasterxml.jackson.core.JsonParseException.class)
                .cause().hasMessageContaining("the event data is not JSON");
        assertThatThrownBy(() -> send(MAIL, ESCALATED, "[1,2]")).cause().hasMessage("the event data is not a JSON object");
        assertThatThrownBy(() -> send(MAIL, ESCALATED, "{\"namespace\":\"team-a\",\"requester\":\"jdoe\",\"level\":1}"))
                .cause().hasMessage("the event data has no requestId");

        assertThat(mail.getReceivedMessages()).hasSize(before);
    }

    @Test
    void aNamespaceEventBecomesABackstageNotificationForTheRecipients() {
        String namespace = namespace();
        send(BACKSTAGE, "dev.escalationeda.namespace.denied", """
                {"requestId":"req-1","namespace":"%s","size":"large","requester":"jdoe","status":"denied"}""".formatted(namespace));

        backstage.verify(1, postRequestedFor(urlEqualTo("/api/notifications"))
                .withHeader("Authorization", equalTo("Bearer " + JiraAndBackstageResource.BACKSTAGE_TOKEN))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"recipients":{"type":"entity","entityRef":["user:default/jdoe","group:default/platform-team"]},
                         "payload":{"title":"Namespace request %1$s: denied",
                                    "description":"The request req-1 for namespace %1$s (size large) by jdoe is denied.",
                                    "severity":"high","topic":"escalation-eda"}}""".formatted(namespace))));
    }

    @Test
    void escalationsAndTitledEventsAreNotifiedUntitledForeignEventsAreRefused() {
        String namespace = namespace();
        send(BACKSTAGE, ESCALATED, """
                {"requestId":"req-2","namespace":"%s","size":"large","requester":"jdoe","level":1,"to":["boss@example.com"],
                 "waitedSeconds":120,"ticket":"PLAT-9"}""".formatted(namespace));
        send(BACKSTAGE, "com.example.release.published", """
                {"title":"Release %s published","severity":"low","link":"https://example.com/r"}""".formatted(namespace));

        backstage.verify(1, postRequestedFor(urlEqualTo("/api/notifications"))
                .withRequestBody(matchingJsonPath("$.payload.title", equalTo("Escalation (level 1): namespace request "
                        + namespace + " waits for approval")))
                .withRequestBody(matchingJsonPath("$.payload.severity", equalTo("high")))
                .withRequestBody(matchingJsonPath("$.payload.link", equalTo("https://jira.example.com/browse/PLAT-9"))));
        backstage.verify(1, postRequestedFor(urlEqualTo("/api/notifications"))
                .withRequestBody(matchingJsonPath("$.payload.title", equalTo("Release " + namespace + " published")))
                .withRequestBody(matchingJsonPath("$.payload.severity", equalTo("low")))
                .withRequestBody(matchingJsonPath("$.payload.description", equalTo(""))));

        assertThatThrownBy(() -> send(BACKSTAGE, "com.example.other", "{\"name\":\"" + namespace + "\"}"))
                .cause().hasMessageContaining("com.example.other without a title");
        backstage.verify(new CountMatchingStrategy(CountMatchingStrategy.EQUAL_TO, 0), postRequestedFor(urlEqualTo("/api/notifications"))
                .withRequestBody(matchingJsonPath("$.payload.title", equalTo(namespace))));
    }

    @Test
    void aRefusalByBackstageFailsTheExchange() {
        String namespace = namespace();
        backstage.stubFor(post(urlEqualTo("/api/notifications"))
                .withRequestBody(matchingJsonPath("$.payload.title", equalTo("Release " + namespace)))
                .willReturn(aResponse().withStatus(503)));

        assertThatThrownBy(() -> send(BACKSTAGE, "com.example.release", "{\"title\":\"Release " + namespace + "\"}"))
                .cause().hasMessageContaining("statusCode: 503");
    }

    @Test
    void aProvisioningEventCreatesTheNamespaceWithQuotaLimitsAndAdminAgainAndAgain() {
        String namespace = namespace();
        String event = """
                {"requestId":"req-%1$s","namespace":"%1$s","size":"medium","requester":"jdoe","status":"provisioning",
                 "ticket":"PLAT-3"}""".formatted(namespace);

        Object address = send(PROVISIONING, "dev.escalationeda.namespace.provisioned", event);
        assertThat(address).asString().endsWith("api/v1/namespaces/" + namespace);
        send(PROVISIONING, "dev.escalationeda.namespace.provisioned", event);

        KubernetesClient cluster = kubernetes.getClient();
        Namespace created = cluster.namespaces().withName(namespace).get();
        assertThat(created.getMetadata().getLabels()).containsEntry("escalation-eda.dev/request-id", "req-" + namespace)
                .containsEntry("escalation-eda.dev/size", "medium");
        assertThat(created.getMetadata().getAnnotations()).containsEntry("escalation-eda.dev/ticket", "PLAT-3");
        assertThat(cluster.resourceQuotas().inNamespace(namespace).withName("escalation-eda").get().getSpec().getHard())
                .containsEntry("requests.cpu", new Quantity("4")).containsEntry("pods", new Quantity("30"));
        assertThat(cluster.limitRanges().inNamespace(namespace).withName("escalation-eda").get().getSpec().getLimits()
                .get(0).getDefault()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(cluster.rbac().roleBindings().inNamespace(namespace).list().getItems()).singleElement()
                .satisfies(binding -> assertThat(binding.getSubjects().get(0).getName()).isEqualTo("jdoe"));
        assertThat(cluster.namespaces().list().getItems()).filteredOn(ns -> ns.getMetadata().getName().equals(namespace)).hasSize(1);
    }

    @Test
    void aForeignNamespaceIsLeftAloneAndInvalidDataCreatesNothing() {
        String foreign = namespace();
        kubernetes.getClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(foreign)
                .endMetadata().build()).create();

        assertThatThrownBy(() -> send(PROVISIONING, "dev.escalationeda.namespace.provisioned", """
                {"requestId":"req-x","namespace":"%s","size":"small","requester":"jdoe"}""".formatted(foreign)))
                .cause().isInstanceOf(NamespaceConflictException.class).hasMessageContaining(foreign);
        assertThat(kubernetes.getClient().resourceQuotas().inNamespace(foreign).list().getItems()).isEmpty();

        assertThatThrownBy(() -> send(PROVISIONING, "dev.escalationeda.namespace.provisioned", """
                {"requestId":"req-y","namespace":"Not_A_Label","size":"huge"}"""))
                .cause().isInstanceOfSatisfying(RequestRejectedException.class, rejected -> assertThat(rejected.body())
                        .extractingByKey("errors").asInstanceOf(InstanceOfAssertFactories.MAP)
                        .containsOnlyKeys("namespace", "size", "requester"));
        String unnamed = namespace();
        assertThatThrownBy(() -> send(PROVISIONING, "dev.escalationeda.namespace.provisioned", """
                {"namespace":"%s","size":"small","requester":"jdoe"}""".formatted(unnamed)))
                .cause().hasMessage("the event data has no requestId");
        assertThat(kubernetes.getClient().namespaces().withName(unnamed).get()).isNull();
    }

    /** Sends an event in binary mode, as the Knative Broker delivers it; the body after the sink. */
    private Object send(String binding, String type, String data) {
        return producer.requestBodyAndHeaders(binding, data, Map.of("ce-specversion", "1.0", "ce-type", type,
                "ce-id", UUID.randomUUID().toString(), "ce-source", "/escalation-eda/namespace-requests",
                "Content-Type", "application/json"));
    }

    private List<MimeMessage> mailsFor(String namespace) {
        return Arrays.stream(mail.getReceivedMessages()).filter(message -> GreenMailResource.subject(message).contains(namespace))
                .toList();
    }

    /** The one mail sent: GreenMail keeps a copy per recipient, all with the mail's Message-ID. */
    private static MimeMessage oneMail(List<MimeMessage> copies, int recipients) throws MessagingException {
        assertThat(copies).hasSize(recipients);
        String messageId = copies.get(0).getMessageID();
        assertThat(copies).allSatisfy(copy -> assertThat(copy.getMessageID()).isEqualTo(messageId));
        return copies.get(0);
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(Address::toString).toList();
    }

    private static String namespace() {
        return "kam-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
