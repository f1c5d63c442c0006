package dev.escalationeda.provisioning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Collectors;

import dev.escalationeda.request.NamespaceRequest;
import io.fabric8.kubernetes.client.utils.Serialization;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the namespace's objects as one multi-document YAML file per namespace into a GitOps
 * folder, for when the service has no cluster to talk to (or should not talk to it).
 */
@ApplicationScoped
public class ManifestNamespaceProvisioner implements NamespaceProvisioner {

    private static final String REQUEST_MARKER = "# escalation-eda request: ";

    private final NamespaceManifests manifests;
    private final ProvisioningConfig config;

    public ManifestNamespaceProvisioner(NamespaceManifests manifests, ProvisioningConfig config) {
        this.manifests = manifests;
        this.config = config;
    }

    @Override
    public String provision(NamespaceRequest request) {
        Path directory = Path.of(config.manifestsDir());
        Path file = directory.resolve(request.namespace() + ".yaml");
        try {
            if (Files.exists(file) && !Files.readString(file, StandardCharsets.UTF_8).startsWith(REQUEST_MARKER + request.id() + "\n")) {
                throw new NamespaceConflictException(request.namespace());
            }
            String yaml = manifests.objectsFor(request).stream()
                    .map(Serialization::asYaml)
                    .collect(Collectors.joining("", REQUEST_MARKER + request.id() + "\n", ""));
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, request.namespace(), ".partial");
            Files.writeString(partial, yaml, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
