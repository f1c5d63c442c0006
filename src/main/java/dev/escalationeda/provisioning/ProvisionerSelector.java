package dev.escalationeda.provisioning;

import dev.escalationeda.request.NamespaceRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** The provisioner the configuration chooses, as the bean the routes call. */
@ApplicationScoped
@Named("namespaceProvisioner")
public class ProvisionerSelector {

    /** Where the fabric8 client points when nothing configures it. */
    private static final String UNCONFIGURED_MASTER = "https://kubernetes.default.svc/";

    private final NamespaceProvisioner provisioner;

    public ProvisionerSelector(ProvisioningConfig config, KubernetesClient client, KubernetesNamespaceProvisioner kubernetes,
            ManifestNamespaceProvisioner manifests) {
        boolean cluster = switch (config.mode()) {
            case KUBERNETES -> true;
            case MANIFESTS -> false;
            // A cluster is configured when the client was pointed somewhere (kubeconfig, KUBERNETES_MASTER,
            // quarkus.kubernetes-client.*) or the service runs inside one.
            case AUTO -> !UNCONFIGURED_MASTER.equals(client.getConfiguration().getMasterUrl())
                    || System.getenv("KUBERNETES_SERVICE_HOST") != null;
        };
        this.provisioner = cluster ? kubernetes : manifests;
    }

    public String provision(NamespaceRequest request) {
        return provisioner.provision(request);
    }
}
