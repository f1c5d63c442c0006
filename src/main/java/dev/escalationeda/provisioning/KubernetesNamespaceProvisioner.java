package dev.escalationeda.provisioning;

import java.util.List;

import dev.escalationeda.request.NamespaceRequest;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Provisions through the Kubernetes API with the fabric8 client. The client rather than
 * camel-kubernetes producers: those have no LimitRange or RoleBinding operation and their creates
 * fail on objects that exist, while re-running a provisioning must adopt what an earlier run made.
 */
@ApplicationScoped
public class KubernetesNamespaceProvisioner implements NamespaceProvisioner {

    private final KubernetesClient client;
    private final NamespaceManifests manifests;

    public KubernetesNamespaceProvisioner(KubernetesClient client, NamespaceManifests manifests) {
        this.client = client;
        this.manifests = manifests;
    }

    @Override
    public String provision(NamespaceRequest request) {
        List<HasMetadata> objects = manifests.objectsFor(request);
        Namespace existing = client.namespaces().withName(request.namespace()).get();
        if (existing != null && !request.id().equals(existing.getMetadata().getLabels() == null ? null
                : existing.getMetadata().getLabels().get(NamespaceManifests.REQUEST_LABEL))) {
            throw new NamespaceConflictException(request.namespace());
        }
        for (HasMetadata object : objects) {
            client.resource(object).createOr(NonDeletingOperation::update);
        }
        return client.getMasterUrl() + "api/v1/namespaces/" + request.namespace();
    }
}
