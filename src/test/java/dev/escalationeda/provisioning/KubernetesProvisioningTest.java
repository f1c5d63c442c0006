package dev.escalationeda.provisioning;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Provisioning against the Kubernetes API (the fabric8 mock server in CRUD mode). */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(KubernetesProvisioningTest.ClusterProvisioning.class)
class KubernetesProvisioningTest {

    /** The tests provision into a folder by default; here into the (mock) cluster. */
    public static class ClusterProvisioning implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eda.provisioning.mode", "kubernetes");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesNamespaceProvisioner provisioner;

    @Test
    void aSmallRequestCreatesTheNamespaceWithItsQuotaLimitsAndAdminBinding() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        String id = request(namespace, "small");
        awaitStatus(id, "provisioned");

        KubernetesClient cluster = server.getClient();
        Namespace created = cluster.namespaces().withName(namespace).get();
        assertThat(created.getMetadata().getLabels()).containsEntry("escalation-eda.dev/request-id", id)
                .containsEntry("escalation-eda.dev/requester", "jdoe").containsEntry("escalation-eda.dev/size", "small");
        ResourceQuota quota = cluster.resourceQuotas().inNamespace(namespace).withName("escalation-eda").get();
        assertThat(quota.getSpec().getHard()).containsEntry("requests.cpu", new Quantity("1"))
                .containsEntry("requests.memory", new Quantity("2Gi")).containsEntry("pods", new Quantity("10"));
        LimitRange limits = cluster.limitRanges().inNamespace(namespace).withName("escalation-eda").get();
        assertThat(limits.getSpec().getLimits().get(0).getDefault()).containsEntry("cpu", new Quantity("500m"));
        assertThat(limits.getSpec().getLimits().get(0).getDefaultRequest()).containsEntry("memory", new Quantity("128Mi"));
        RoleBinding admin = cluster.rbac().roleBindings().inNamespace(namespace).withName("escalation-eda-admin").get();
        assertThat(admin.getRoleRef().getName()).isEqualTo("admin");
        assertThat(admin.getSubjects().get(0).getName()).isEqualTo("jdoe");
    }

    @Test
    void provisioningAgainAdoptsWhatAnEarlierRunCreated() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        String id = request(namespace, "medium");
        awaitStatus(id, "provisioned");

        dev.escalationeda.request.NamespaceRequest request = given().get("/api/namespace-requests/" + id).then().extract().as(dev.escalationeda.request.NamespaceRequest.class);
        provisioner.provision(request);
        assertThat(server.getClient().resourceQuotas().inNamespace(namespace).list().getItems()).hasSize(1);
    }

    @Test
    void aNamespaceThatIsNotOursFailsTheRequestAndIsLeftAlone() {
        String namespace = "ns-" + UUID.randomUUID().toString().substring(0, 8);
        server.getClient().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .withLabels(Map.of("owner", "someone-else")).endMetadata().build()).create();

        String id = request(namespace, "small");
        awaitStatus(id, "failed");

        assertThat(given().get("/api/namespace-requests/" + id).then().extract().<String>path("result.result.message"))
                .contains("already exists and was not created for this request");
        assertThat(server.getClient().namespaces().withName(namespace).get().getMetadata().getLabels())
                .doesNotContainKey("escalation-eda.dev/request-id");
        assertThat(server.getClient().resourceQuotas().inNamespace(namespace).list().getItems()).isEmpty();
    }

    private static String request(String namespace, String size) {
        return given().contentType("application/json")
                .body("{\"namespace\":\"" + namespace + "\",\"size\":\"" + size + "\",\"requester\":\"jdoe\"}")
                .post("/api/namespace-requests").then().statusCode(201).extract().path("id");
    }

    private static void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(20)).until(() -> status.equals(
                given().get("/api/namespace-requests/" + id).then().extract().path("status")));
    }
}
