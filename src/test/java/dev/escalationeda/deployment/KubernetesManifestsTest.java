package dev.escalationeda.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.knative.serving.v1.Service;
import org.junit.jupiter.api.Test;

/**
 * The manifests in k8s/: every file, and every overlay as {@code kubectl kustomize} builds it,
 * reads into the fabric8 model (Kubernetes and Knative kinds) with no field the model does not know.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");

    @Test
    void everyManifestFileReadsIntoTheModelWithoutUnknownFields() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(K8S)) {
            files = walk.filter(file -> file.toString().endsWith(".yaml") && !file.getFileName().toString().equals("kustomization.yaml"))
                    .sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        for (Path file : files) {
            for (HasMetadata resource : read(Files.readString(file), file.toString())) {
                assertKnown(resource, file.toString());
            }
        }
    }

    @Test
    void everyOverlayBuildsWithKustomize() throws Exception {
        List<Path> overlays;
        try (Stream<Path> list = Files.list(K8S.resolve("overlays"))) {
            overlays = list.sorted().toList();
        }
        assertThat(overlays).extracting(overlay -> overlay.getFileName().toString()).containsExactly("demo", "production");
        for (Path overlay : overlays) {
            List<HasMetadata> resources = read(kustomize(overlay), overlay.toString());
            resources.forEach(resource -> assertKnown(resource, overlay.toString()));
            assertThat(resources).extracting(HasMetadata::getKind).contains("ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                    "Secret", "ConfigMap", "Broker", "Trigger", "SinkBinding");
            ClusterRole role = (ClusterRole) resources.stream().filter(ClusterRole.class::isInstance).findFirst().orElseThrow();
            assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*", "delete", "list", "watch"));
            if (overlay.endsWith("production")) {
                Deployment deployment = (Deployment) resources.stream().filter(Deployment.class::isInstance).findFirst().orElseThrow();
                assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
                assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                        .extracting(env -> env.getName()).contains("QUARKUS_DATASOURCE_JDBC_URL", "STRATEGIES_DIR", "JOLOKIA_ENABLED");
                assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
                        .anySatisfy(port -> assertThat(port.getName()).isEqualTo("jolokia"));
            } else {
                assertThat(resources).anySatisfy(resource -> assertThat(resource).isInstanceOf(Service.class));
            }
        }
    }

    private static String kustomize(Path overlay) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s: %s", overlay, output).isZero();
        return output;
    }

    private static List<HasMetadata> read(String yaml, String where) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (!document.isBlank() && !document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                Object resource = Serialization.unmarshal(document);
                assertThat(resource).as(where).isInstanceOf(HasMetadata.class);
                resources.add((HasMetadata) resource);
            }
        }
        return resources;
    }

    private static void assertKnown(HasMetadata resource, String where) {
        String what = where + ": " + resource.getKind() + " " + resource.getMetadata().getName();
        assertThat(resource).as(what + " is a kind the model knows").isNotInstanceOf(GenericKubernetesResource.class);
        assertThat(unknownFields(resource, "")).as(what + " has fields the model does not know").isEmpty();
    }

    /** Paths of the fields that went into a model object's additional properties: fields it does not know. */
    private static List<String> unknownFields(Object value, String path) {
        List<String> unknown = new ArrayList<>();
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                unknown.addAll(unknownFields(item, path + "[" + index++ + "]"));
            }
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknown.addAll(unknownFields(item, path + "." + key)));
        } else if (value instanceof KubernetesResource) {
            for (Method getter : value.getClass().getMethods()) {
                if (getter.getParameterCount() > 0 || getter.getDeclaringClass() == Object.class
                        || !(getter.getName().startsWith("get") || getter.getName().startsWith("is"))) {
                    continue;
                }
                Object field = invoke(getter, value);
                if (getter.getName().equals("getAdditionalProperties")) {
                    ((Map<?, ?>) field).keySet().forEach(key -> unknown.add(path + "." + key));
                } else {
                    unknown.addAll(unknownFields(field, path + "." + getter.getName()));
                }
            }
        }
        return unknown;
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }
}
