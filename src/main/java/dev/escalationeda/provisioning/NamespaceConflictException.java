package dev.escalationeda.provisioning;

/** The namespace exists and was not created for this request: it is not ours to touch. */
public class NamespaceConflictException extends RuntimeException {

    public NamespaceConflictException(String namespace) {
        super("namespace " + namespace + " already exists and was not created for this request");
    }
}
