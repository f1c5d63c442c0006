package dev.escalationeda.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import java.util.UUID;

import dev.escalationeda.strategy.definition.ActionKind;
import dev.escalationeda.strategy.definition.PipelineRunNames;
import dev.escalationeda.strategy.definition.StageAction;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** Starting a stage's PipelineRun against the fabric8 mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
class TektonPipelineRunsTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void aPipelineRunTheStagesOtherAttemptCreatedMeanwhileIsTheStages() {
        StageWork work = new StageWork(UUID.randomUUID().toString(), "main", "Build",
                new StageAction(ActionKind.TEKTON, Map.of("pipeline", "appsody-build", "namespace", "ci"), Map.of()), Map.of(), null);
        String name = TektonPipelineRuns.name(work);
        // the other attempt (a replica that took the stage over) creates it after this one looked for it
        client.genericKubernetesResources(TektonPipelineRuns.PIPELINE_RUN).inNamespace("ci").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("tekton.dev/v1").withKind("PipelineRun").withNewMetadata().withName(name).addToLabels("attempt", "other")
                .endMetadata().build()).create();
        server.expect().get().withPath("/apis/tekton.dev/v1/namespaces/ci/pipelineruns/" + name)
                .andReturn(404, "{\"kind\":\"Status\",\"code\":404,\"reason\":\"NotFound\"}").once();

        assertThatCode(() -> new TektonPipelineRuns(client, null).start(work)).doesNotThrowAnyException();

        GenericKubernetesResource pipelineRun = client.genericKubernetesResources(TektonPipelineRuns.PIPELINE_RUN).inNamespace("ci")
                .withName(name).get();
        assertThat(pipelineRun.getMetadata().getLabels()).containsEntry("attempt", "other");
    }

    @Test
    void namesAndLabelsAreValidKubernetesNames() {
        StageWork work = new StageWork("0b7e1f9c-3a34-4c2e-9a59-3f1d2c1e0a11", "main", "Deploy (prod) to the EU-West region",
                new StageAction(ActionKind.TEKTON, Map.of("pipeline", "deploy"), Map.of()), Map.of(), null);

        assertThat(TektonPipelineRuns.name(work)).isEqualTo("deploy--prod--to-the-eu-we-0b7e1f9c-3a34-4c2e-9a59-3f1d2c1e0a11")
                .hasSizeLessThanOrEqualTo(63);
        assertThat(PipelineRunNames.label("Deploy (prod)")).isEqualTo("deploy--prod");
    }
}
