package dev.escalationeda.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.escalationeda.request.NamespaceRequest;
import dev.escalationeda.request.NamespaceSizes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRangeBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import jakarta.enterprise.context.ApplicationScoped;

/** The objects that make up a provisioned namespace: Namespace, ResourceQuota, LimitRange, RoleBinding. */
@ApplicationScoped
public class NamespaceManifests {

    public static final String REQUEST_LABEL = "escalation-eda.dev/request-id";
    static final String REQUESTER_LABEL = "escalation-eda.dev/requester";
    static final String SIZE_LABEL = "escalation-eda.dev/size";
    static final String TICKET_ANNOTATION = "escalation-eda.dev/ticket";
    static final String REQUESTER_ANNOTATION = "escalation-eda.dev/requester";
    static final String OBJECT_NAME = "escalation-eda";

    private final NamespaceSizes sizes;

    public NamespaceManifests(NamespaceSizes sizes) {
        this.sizes = sizes;
    }

    /** In creation order: the namespace first. */
    public List<HasMetadata> objectsFor(NamespaceRequest request) {
        NamespaceSizes.Size size = sizes.sizes().get(request.size());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/managed-by", OBJECT_NAME);
        labels.put(REQUEST_LABEL, request.id());
        labels.put(REQUESTER_LABEL, labelValue(request.requester()));
        labels.put(SIZE_LABEL, request.size());
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(REQUESTER_ANNOTATION, request.requester());
        if (request.ticket() != null) {
            annotations.put(TICKET_ANNOTATION, request.ticket().url() == null ? request.ticket().key() : request.ticket().url());
        }
        String namespace = request.namespace();
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new NamespaceBuilder().withNewMetadata().withName(namespace).withLabels(labels)
                .withAnnotations(annotations).endMetadata().build());
        objects.add(new ResourceQuotaBuilder().withNewMetadata().withName(OBJECT_NAME).withNamespace(namespace)
                .withLabels(labels).endMetadata().withNewSpec().withHard(quantities(size.quota())).endSpec().build());
        objects.add(new LimitRangeBuilder().withNewMetadata().withName(OBJECT_NAME).withNamespace(namespace)
                .withLabels(labels).endMetadata().withNewSpec().addNewLimit().withType("Container")
                .withDefault(quantities(size.limitDefault()))
                .withDefaultRequest(quantities(size.limitDefaultRequest())).endLimit().endSpec().build());
        if (sizes.adminRoleBinding()) {
            objects.add(new RoleBindingBuilder().withNewMetadata().withName(OBJECT_NAME + "-admin").withNamespace(namespace)
                    .withLabels(labels).endMetadata()
                    .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName("admin").endRoleRef()
                    .addNewSubject().withApiGroup("rbac.authorization.k8s.io").withKind("User").withName(request.requester()).endSubject()
                    .build());
        }
        return objects;
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new LinkedHashMap<>();
        values.forEach((name, value) -> quantities.put(name, new Quantity(value)));
        return quantities;
    }

    /** Label values are at most 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
    static String labelValue(String value) {
        String cleaned = value.replaceAll("[^A-Za-z0-9._-]", "_");
        cleaned = cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
        return cleaned.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
