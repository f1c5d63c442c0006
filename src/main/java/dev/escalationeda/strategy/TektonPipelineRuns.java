package dev.escalationeda.strategy;

import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.escalationeda.strategy.definition.PipelineRunNames;
import dev.escalationeda.strategy.definition.Templates;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/**
 * The PipelineRuns ({@code tekton.dev/v1}) of tekton stages, through the fabric8 client's generic
 * resources (no Tekton model needed). One PipelineRun per stage of a run, named after both, so that
 * creating it again after a crash finds the first one instead of starting a second.
 */
@ApplicationScoped
@Named("tektonPipelineRuns")
public class TektonPipelineRuns {

    static final ResourceDefinitionContext PIPELINE_RUN = new ResourceDefinitionContext.Builder().withGroup("tekton.dev")
            .withVersion("v1").withKind("PipelineRun").withPlural("pipelineruns").withNamespaced(true).build();
    static final String CONTEXT_LABEL = "escalation-eda.dev/context-id";
    static final String STRATEGY_LABEL = "escalation-eda.dev/strategy";
    static final String STAGE_LABEL = "escalation-eda.dev/stage";

    private final KubernetesClient client;
    private final StrategyConfig config;

    public TektonPipelineRuns(KubernetesClient client, StrategyConfig config) {
        this.client = client;
        this.config = config;
    }

    /** Creates the stage's PipelineRun unless it exists. */
    public void start(StageWork work) {
        String namespace = namespace(work);
        String name = name(work);
        if (client.genericKubernetesResources(PIPELINE_RUN).inNamespace(namespace).withName(name).get() != null) {
            return;
        }
        List<Map<String, String>> params = work.action().params().entrySet().stream()
                .map(param -> Map.of("name", param.getKey(), "value", Templates.render(param.getValue(), work.variables()::get)))
                .toList();
        GenericKubernetesResource pipelineRun = new GenericKubernetesResourceBuilder().withApiVersion("tekton.dev/v1")
                .withKind("PipelineRun")
                .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels(CONTEXT_LABEL, work.contextId()).addToLabels(STRATEGY_LABEL, PipelineRunNames.label(work.strategy()))
                .addToLabels(STAGE_LABEL, PipelineRunNames.label(work.stage())).endMetadata()
                .addToAdditionalProperties("spec", Map.of(
                        "pipelineRef", Map.of("name", Templates.render(work.action().setting("pipeline"), work.variables()::get)),
                        "params", params))
                .build();
        try {
            client.genericKubernetesResources(PIPELINE_RUN).inNamespace(namespace).resource(pipelineRun).create();
        } catch (KubernetesClientException e) {
            // created meanwhile by the stage's other attempt (a replica that took it over): that one is the stage's
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
        }
    }

    /** The stage's outcome once its PipelineRun's Succeeded condition is True or False; null while it runs. */
    public StageOutcome outcome(StageWork work) {
        return finished(work).orElse(null);
    }

    private Optional<StageOutcome> finished(StageWork work) {
        GenericKubernetesResource pipelineRun = client.genericKubernetesResources(PIPELINE_RUN).inNamespace(namespace(work))
                .withName(name(work)).get();
        if (pipelineRun == null) {
            return Optional.of(StageOutcome.failed(work.contextId(), work.stage(), "PipelineRun " + name(work) + " no longer exists"));
        }
        List<Map<String, Object>> conditions = pipelineRun.get("status", "conditions");
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(condition -> "Succeeded".equals(condition.get("type"))).findFirst().flatMap(condition -> {
            String detail = "PipelineRun " + name(work) + ": " + condition.getOrDefault("reason", condition.get("status"));
            return switch (String.valueOf(condition.get("status"))) {
                case "True" -> Optional.of(StageOutcome.success(work.contextId(), work.stage(), detail));
                case "False" -> Optional.of(StageOutcome.failed(work.contextId(), work.stage(), detail));
                default -> Optional.empty();
            };
        });
    }

    String namespace(StageWork work) {
        String namespace = work.action().setting("namespace");
        return namespace == null ? config.tektonNamespace() : Templates.render(namespace, work.variables()::get);
    }

    /** {@code <stage>-<context id>}, a valid Kubernetes name of at most 63 characters. */
    static String name(StageWork work) {
        return PipelineRunNames.pipelineRun(work.stage(), work.contextId());
    }
}
