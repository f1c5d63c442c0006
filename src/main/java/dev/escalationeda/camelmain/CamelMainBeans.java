package dev.escalationeda.camelmain;

import java.time.Clock;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.escalationeda.escalation.EscalationConfig;
import dev.escalationeda.escalation.EscalationStore;
import dev.escalationeda.escalation.Escalations;
import dev.escalationeda.events.CloudEventHttpBinding;
import dev.escalationeda.events.EventOutbox;
import dev.escalationeda.events.EventOutboxConfig;
import dev.escalationeda.events.EventRelay;
import dev.escalationeda.jira.JiraConfig;
import dev.escalationeda.jira.JiraRequests;
import dev.escalationeda.jira.SignedWebhooksRequired;
import dev.escalationeda.notification.BackstageConfig;
import dev.escalationeda.notification.MailConfig;
import dev.escalationeda.notification.MailOutbox;
import dev.escalationeda.notification.NotificationMessages;
import dev.escalationeda.notification.SmtpConfig;
import dev.escalationeda.notification.SmtpSender;
import dev.escalationeda.provisioning.KubernetesNamespaceProvisioner;
import dev.escalationeda.provisioning.ManifestNamespaceProvisioner;
import dev.escalationeda.provisioning.NamespaceManifests;
import dev.escalationeda.provisioning.ProvisionerSelector;
import dev.escalationeda.provisioning.ProvisioningConfig;
import dev.escalationeda.provisioning.ProvisioningEvents;
import dev.escalationeda.request.ApiAuthorization;
import dev.escalationeda.request.ApiConfig;
import dev.escalationeda.request.NamespaceRequestReader;
import dev.escalationeda.request.NamespaceRequestStore;
import dev.escalationeda.request.NamespaceRequestValidator;
import dev.escalationeda.request.NamespaceRequests;
import dev.escalationeda.request.NamespaceSizes;
import dev.escalationeda.request.RequestLocks;
import dev.escalationeda.request.RequestWorkConfig;
import dev.escalationeda.strategy.ApprovalLinks;
import dev.escalationeda.strategy.ApprovalMails;
import dev.escalationeda.strategy.EventsAuthorization;
import dev.escalationeda.strategy.StageHttpCalls;
import dev.escalationeda.strategy.StageLeaseRenewal;
import dev.escalationeda.strategy.StageTriggerJoin;
import dev.escalationeda.strategy.StageTriggerRepository;
import dev.escalationeda.strategy.StrategyApprovals;
import dev.escalationeda.strategy.StrategyCatalog;
import dev.escalationeda.strategy.StrategyConfig;
import dev.escalationeda.strategy.StrategyEngine;
import dev.escalationeda.strategy.StrategyEventReader;
import dev.escalationeda.strategy.StrategyRunStore;
import dev.escalationeda.strategy.StrategyRuns;
import dev.escalationeda.strategy.TektonPipelineRuns;
import dev.escalationeda.support.InboundHeaderFilter;
import dev.escalationeda.support.StepFailures;
import dev.escalationeda.ticket.ApprovalConfig;
import dev.escalationeda.ticket.TicketDecisionRule;
import dev.escalationeda.ticket.TicketEvents;
import dev.escalationeda.ticket.TrackedTickets;
import dev.escalationeda.webhook.JiraEventMapper;
import dev.escalationeda.webhook.JiraWebhookParser;
import dev.escalationeda.webhook.JiraWebhookRequestReader;
import dev.escalationeda.webhook.ListenerCompatibilityConfig;
import dev.escalationeda.webhook.ListenerCompatibleEvents;
import dev.escalationeda.webhook.WebhookConfig;
import dev.escalationeda.webhook.WebhookDeliveryRepository;
import dev.escalationeda.webhook.WebhookSignatureVerifier;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;

/**
 * The service's beans for the routes when they run on Camel Main ({@code camel run}), where there is no
 * CDI container: the same objects Quarkus wires, wired here by constructor, under the names the routes
 * and Kamelets refer to. Configured by {@code camel.main.configuration-classes}.
 */
public class CamelMainBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        CamelMainConfig config = CamelMainConfig.load();
        camelContext.getPropertiesComponent().addPropertiesSource(config);
        config.applyTo(camelContext);
        Registry registry = camelContext.getRegistry();
        ObjectMapper objectMapper = JsonMapper.builder().findAndAddModules()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        // The routes' JSON marshalling discovers the ObjectMapper in the registry, as it finds Quarkus's.
        registry.bind("objectMapper", objectMapper);
        registry.bind("inboundHeaderFilter", new InboundHeaderFilter());
        Clock clock = Clock.systemUTC();
        MeterRegistry meters = new SimpleMeterRegistry();
        KubernetesClient kubernetes = new KubernetesClientBuilder().build();
        DataSource dataSource = CamelMainDatabase.open(config);

        JiraConfig jira = config.mapping(JiraConfig.class);
        SignedWebhooksRequired.verify(jira);
        MailConfig mail = config.mapping(MailConfig.class);
        NamespaceSizes sizes = config.mapping(NamespaceSizes.class);
        ApprovalConfig approval = config.mapping(ApprovalConfig.class);
        ProvisioningConfig provisioning = config.mapping(ProvisioningConfig.class);
        StrategyConfig strategies = config.mapping(StrategyConfig.class);

        // Events out
        EventOutbox outbox = new EventOutbox(dataSource, objectMapper);
        registry.bind("eventRelay", new EventRelay(outbox, config.mapping(EventOutboxConfig.class), camelContext.createProducerTemplate(), clock));

        // Requests and their approval tickets
        TrackedTickets trackedTickets = new TrackedTickets(dataSource);
        TicketDecisionRule decisionRule = new TicketDecisionRule(approval);
        EscalationConfig escalation = config.mapping(EscalationConfig.class);
        EscalationStore escalationStore = new EscalationStore(dataSource, escalation);
        NamespaceRequestStore requestStore = new NamespaceRequestStore(dataSource, escalationStore, outbox, trackedTickets, objectMapper, clock);

        // Jira webhooks in
        registry.bind("jiraWebhookRequestReader", new JiraWebhookRequestReader());
        registry.bind("webhookSignatureVerifier", new WebhookSignatureVerifier());
        registry.bind("jiraWebhookParser", new JiraWebhookParser(objectMapper));
        registry.bind("jiraEventMapper", new JiraEventMapper(
                new ListenerCompatibleEvents(config.mapping(ListenerCompatibilityConfig.class)),
                new TicketEvents(trackedTickets, decisionRule, requestStore)));
        registry.bind("webhookDeliveryRepository",
                new WebhookDeliveryRepository(dataSource, config.mapping(WebhookConfig.class), clock));
        registry.bind("cloudEventHttpBinding", new CloudEventHttpBinding(objectMapper));

        // Namespace requests
        NamespaceRequestValidator validator = new NamespaceRequestValidator(sizes);
        NamespaceManifests manifests = new NamespaceManifests(sizes);
        NotificationMessages notificationMessages = new NotificationMessages(mail, config.mapping(BackstageConfig.class), objectMapper);
        registry.bind("namespaceRequests", new NamespaceRequests(requestStore, validator, sizes, jira, decisionRule));
        registry.bind("namespaceRequestReader", new NamespaceRequestReader(objectMapper));
        // Camel Main's HTTP server listens on every address unless camel.server.host says otherwise.
        String httpHost = camelContext.getPropertiesComponent().resolveProperty("camel.server.host").orElse("0.0.0.0");
        registry.bind("apiAuthorization", new ApiAuthorization(config.mapping(ApiConfig.class), httpHost));
        registry.bind("requestLocks", new RequestLocks(dataSource, config.mapping(RequestWorkConfig.class), clock));
        StepFailures stepFailures = new StepFailures();
        registry.bind("stepFailures", stepFailures);
        registry.bind("namespaceProvisioner", new ProvisionerSelector(provisioning, kubernetes,
                new KubernetesNamespaceProvisioner(kubernetes, manifests), new ManifestNamespaceProvisioner(manifests, provisioning)));
        registry.bind("provisioningEvents", new ProvisioningEvents(validator));
        registry.bind("jiraRequests", new JiraRequests(jira, approval, objectMapper, clock));
        registry.bind("notificationMessages", notificationMessages);
        registry.bind("mailOutbox", new MailOutbox(mail));
        SmtpSender smtpSender = new SmtpSender(config.mapping(SmtpConfig.class));
        registry.bind("smtpSender", smtpSender);

        // Escalations
        registry.bind("escalations", new Escalations(escalationStore, requestStore, outbox, notificationMessages, smtpSender, jira,
                escalation, camelContext.createProducerTemplate(), stepFailures, meters, clock));

        // Strategies
        StrategyCatalog catalog = new StrategyCatalog(strategies);
        StrategyRunStore runStore = new StrategyRunStore(dataSource, outbox, objectMapper);
        StrategyEngine engine = new StrategyEngine(catalog, runStore, strategies, meters, clock);
        ApprovalLinks approvalLinks = new ApprovalLinks(strategies, dataSource);
        registry.bind("strategyEngine", engine);
        registry.bind("stageLeaseRenewal", new StageLeaseRenewal(engine));
        registry.bind("strategyEventReader", new StrategyEventReader(objectMapper));
        registry.bind("stageTriggerJoin", new StageTriggerJoin(catalog));
        registry.bind("stageTriggerJoins", StageTriggerRepository.create(dataSource));
        registry.bind("tektonPipelineRuns", new TektonPipelineRuns(kubernetes, strategies));
        registry.bind("strategyApprovals", new StrategyApprovals(approvalLinks, runStore, catalog, engine));
        registry.bind("approvalMails", new ApprovalMails(approvalLinks, mail));
        registry.bind("stageHttpCalls", new StageHttpCalls(objectMapper));
        registry.bind("strategyRuns", new StrategyRuns(runStore, catalog, engine, objectMapper));
        registry.bind("eventsAuthorization", new EventsAuthorization(strategies.eventsToken(), httpHost));
    }
}
