package dev.escalationeda.provisioning;

import io.smallrye.config.ConfigMapping;

@ConfigMapping(prefix = "eda.provisioning")
public interface ProvisioningConfig {

    /** kubernetes, manifests, or auto: kubernetes inside a cluster or with a cluster configured. */
    Mode mode();

    /** Where the manifests provisioner writes. */
    String manifestsDir();

    enum Mode {
        AUTO,
        KUBERNETES,
        MANIFESTS
    }
}
