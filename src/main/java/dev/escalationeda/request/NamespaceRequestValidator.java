package dev.escalationeda.request;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

/** Checks a request field by field; every problem is reported, not just the first. */
@ApplicationScoped
public class NamespaceRequestValidator {

    /** RFC 1123 label, as Kubernetes requires of namespace names. */
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    /**
     * Names Kubernetes and OpenShift keep for themselves: a request for one would make its requester
     * admin of the cluster's own namespaces (kube-system, openshift-config).
     */
    private static final Pattern RESERVED_NAMESPACE = Pattern.compile("default|openshift|(kube|openshift)-.*");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    /**
     * Backstage entity reference of a user or group: {@code kind:namespace/name}, namespace and name
     * at most 63 characters each as Backstage requires (50 of them fit the request's recipients column).
     */
    private static final Pattern ENTITY_REF = Pattern.compile("(user|group):[a-z0-9]([-a-z0-9_.]{0,61}[a-z0-9])?/[A-Za-z0-9][-A-Za-z0-9_.]{0,62}");
    private static final int MAX_NAMESPACE = 63;
    private static final int MAX_TEXT = 255;
    private static final int MAX_REASON = 2000;
    private static final int MAX_RECIPIENTS = 50;

    private final NamespaceSizes sizes;

    public NamespaceRequestValidator(NamespaceSizes sizes) {
        this.sizes = sizes;
    }

    /** @throws RequestRejectedException with status 400 and one message per bad field */
    public void validate(NamespaceRequestInput input) {
        Map<String, String> errors = new LinkedHashMap<>();
        String namespace = input.namespace();
        if (blank(namespace)) {
            errors.put("namespace", "is required");
        } else if (namespace.length() > MAX_NAMESPACE) {
            errors.put("namespace", "must be at most 63 characters");
        } else if (!DNS_1123_LABEL.matcher(namespace).matches()) {
            errors.put("namespace", "must be a DNS-1123 label: lower case letters, digits and '-', starting and ending with a letter or digit");
        } else if (RESERVED_NAMESPACE.matcher(namespace).matches()) {
            errors.put("namespace", "is reserved by Kubernetes or OpenShift: default, openshift and names starting kube- or openshift- "
                    + "are not given out");
        }
        if (blank(input.size())) {
            errors.put("size", "is required");
        } else if (!sizes.sizes().containsKey(input.size())) {
            errors.put("size", "must be one of " + String.join(", ", sizes.sizes().keySet().stream().sorted().toList()));
        }
        if (blank(input.requester())) {
            errors.put("requester", "is required");
        } else if (input.requester().length() > MAX_TEXT) {
            errors.put("requester", "must be at most 255 characters");
        }
        if (input.reason() != null && input.reason().length() > MAX_REASON) {
            errors.put("reason", "must be at most 2000 characters");
        }
        email("manager", input.manager(), errors);
        email("requesterEmail", input.requesterEmail(), errors);
        recipients(input.recipientsOrEmpty(), errors);
        if (!errors.isEmpty()) {
            throw new RequestRejectedException(400, errors);
        }
    }

    private static void email(String field, String value, Map<String, String> errors) {
        if (value != null && (value.length() > MAX_TEXT || !EMAIL.matcher(value).matches())) {
            errors.put(field, "must be an e-mail address");
        }
    }

    private static void recipients(List<String> recipients, Map<String, String> errors) {
        if (recipients.size() > MAX_RECIPIENTS) {
            errors.put("recipients", "must list at most 50 entity references");
            return;
        }
        for (int i = 0; i < recipients.size(); i++) {
            String recipient = recipients.get(i);
            if (recipient == null || !ENTITY_REF.matcher(recipient).matches()) {
                errors.put("recipients[" + i + "]", "must be a Backstage entity reference like user:default/jdoe or group:default/team");
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
