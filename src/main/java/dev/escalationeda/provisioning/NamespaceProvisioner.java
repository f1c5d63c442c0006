package dev.escalationeda.provisioning;

import dev.escalationeda.request.NamespaceRequest;

/** Creates a request's namespace with its quota and limits. Running it again for the same request is harmless. */
public interface NamespaceProvisioner {

    /**
     * @return where the namespace now is (a cluster URL or a manifest file)
     * @throws NamespaceConflictException when the namespace exists without this request's label
     */
    String provision(NamespaceRequest request);
}
