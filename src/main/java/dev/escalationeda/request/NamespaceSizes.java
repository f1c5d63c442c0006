package dev.escalationeda.request;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** The namespace sizes on offer: a ResourceQuota and LimitRange each, and which need approval. */
@ConfigMapping(prefix = "eda.namespaces")
public interface NamespaceSizes {

    Map<String, Size> sizes();

    /** Sizes that wait for an approval ticket; the others are provisioned at once. */
    List<String> approvalSizes();

    /** Give the requester the {@code admin} ClusterRole in the new namespace. */
    boolean adminRoleBinding();

    interface Size {

        /** ResourceQuota {@code spec.hard}. */
        Map<String, String> quota();

        /** LimitRange container {@code default} (limits). */
        Map<String, String> limitDefault();

        /** LimitRange container {@code defaultRequest}. */
        Map<String, String> limitDefaultRequest();
    }

    default boolean needsApproval(String size) {
        return approvalSizes().contains(size);
    }
}
