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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.knative.serving.v1.Service;
import org.apache.camel.builder.DefaultErrorHandlerBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RedeliveryPolicyDefinition;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.v1.Integration;
import org.apache.camel.v1.Kamelet;
import org.apache.camel.v1.Pipe;
import org.apache.camel.v1.integrationspec.Sources;
import org.apache.camel.v1.kameletspec.Definition;
import org.apache.camel.v1.pipespec.Sink;
import org.apache.camel.v1.pipespec.Source;
import org.junit.jupiter.api.Test;

/**
 * The manifests in k8s/: every file, and every overlay as {@code kubectl kustomize} builds it,
 * reads into the fabric8 model (Kubernetes and Knative kinds) with no field the model does not know.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final String CAMEL_K = "camel.apache.org/v1";
    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
    private static final ObjectMapper STRICT_YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

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
        assertThat(overlays).extracting(overlay -> overlay.getFileName().toString()).containsExactly("camel-k", "demo", "production");
        for (Path overlay : overlays) {
            List<HasMetadata> resources = read(kustomize(overlay), overlay.toString());
            resources.forEach(resource -> assertKnown(resource, overlay.toString()));
            assertThat(resources).extracting(HasMetadata::getKind).contains("ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                    "Secret", "ConfigMap", "Broker", "Trigger", "SinkBinding");
            ClusterRole role = (ClusterRole) resources.stream().filter(ClusterRole.class::isInstance).findFirst().orElseThrow();
            assertThat(role.getRules()).allSatisfy(rule -> assertThat(rule.getVerbs()).doesNotContain("*", "delete", "list", "watch"));
            if (overlay.endsWith("camel-k")) {
                assertThat(resources).extracting(HasMetadata::getKind).contains("Integration", "Pipe", "Kamelet");
            } else if (overlay.endsWith("production")) {
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

    @Test
    void thePipesGiveOurKameletsTheirPropertiesAndTheIntegrationRunsEveryRoute() throws IOException {
        Path camelK = K8S.resolve("camel-k");
        List<Pipe> pipes = read(Files.readString(camelK.resolve("pipes.yaml")), "pipes.yaml").stream().map(Pipe.class::cast).toList();
        assertThat(pipes).extracting(pipe -> pipe.getMetadata().getName()).containsExactlyInAnyOrder("jira-webhook-to-broker",
                "escalations-to-mail", "provisioned-namespaces-to-backstage", "provisioned-namespaces-to-cluster");
        List<String> bound = new ArrayList<>();
        for (Pipe pipe : pipes) {
            String name = pipe.getMetadata().getName();
            Source source = pipe.getSpec().getSource();
            Sink sink = pipe.getSpec().getSink();
            Map<String, Object> sourceProperties = source.getProperties() == null ? Map.of() : source.getProperties().getAdditionalProperties();
            Map<String, Object> sinkProperties = sink.getProperties() == null ? Map.of() : sink.getProperties().getAdditionalProperties();
            assertThat(List.of(source.getRef().getKind(), sink.getRef().getKind())).as(name).containsOnlyOnce("Broker").contains("Kamelet");
            if ("Kamelet".equals(source.getRef().getKind())) {
                assertBinds(name, source.getRef().getName(), sourceProperties);
                bound.add(source.getRef().getName());
            } else {
                assertThat(sourceProperties).as("%s: the Broker's events of one type", name).containsOnlyKeys("type");
            }
            if ("Kamelet".equals(sink.getRef().getKind())) {
                assertBinds(name, sink.getRef().getName(), sinkProperties);
                bound.add(sink.getRef().getName());
            }
        }
        try (Stream<Path> kamelets = Files.list(Path.of("kamelets"))) {
            assertThat(bound).as("every Kamelet is bound").containsAll(kamelets.map(file -> file.getFileName().toString())
                    .filter(file -> file.endsWith(".kamelet.yaml")).map(file -> file.replace(".kamelet.yaml", "")).toList());
        }

        Integration integration = (Integration) read(Files.readString(camelK.resolve("integration.yaml")), "integration.yaml").get(0);
        List<String> routes;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            routes = files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(".camel.yaml")).toList();
        }
        assertThat(integration.getSpec().getSources()).allSatisfy(source -> {
            assertThat(source.getContentRef()).isEqualTo("escalation-eda-routes");
            assertThat(source.getContentKey()).isEqualTo(source.getName());
        }).extracting(Sources::getName).containsExactlyInAnyOrderElementsOf(routes);
        assertThat(integration.getSpec().getTraits().getJolokia().getHost())
                .as("Camel K's Jolokia agent has no authentication: loopback only").isEqualTo("127.0.0.1");
    }

    @Test
    void everyPipeRetriesAndTheWebhookPipeBacksOffWhileJiraWaits() throws IOException {
        List<Pipe> pipes = read(Files.readString(K8S.resolve("camel-k").resolve("pipes.yaml")), "pipes.yaml").stream()
                .map(Pipe.class::cast).toList();
        for (Pipe pipe : pipes) {
            String name = pipe.getMetadata().getName();
            RedeliveryPolicyDefinition policy = redeliveryPolicy(pipe);
            assertThat(Integer.parseInt(policy.getMaximumRedeliveries())).as(name).isPositive();
            if (name.equals("jira-webhook-to-broker")) {
                // Without retries here a Broker 5xx is answered 503 at once: the Kamelet leaves retries to the binding.
                assertThat(policy.getUseExponentialBackOff()).as(name).isEqualTo("true");
                assertThat(Double.parseDouble(policy.getBackOffMultiplier())).as(name).isGreaterThan(1);
            }
        }
    }

    /**
     * The redelivery policy of a Pipe's {@code log} error handler, its parameters bound as Camel K binds them:
     * as properties of the bean {@code defaultErrorHandler}, a {@link DefaultErrorHandlerBuilder}.
     */
    private static RedeliveryPolicyDefinition redeliveryPolicy(Pipe pipe) throws IOException {
        String name = pipe.getMetadata().getName();
        assertThat(pipe.getSpec().getErrorHandler()).as("%s has an error handler", name).isNotNull();
        Object log = pipe.getSpec().getErrorHandler().getAdditionalProperties().get("log");
        assertThat(log).as("%s: a log error handler", name).isInstanceOf(Map.class);
        Object parameters = ((Map<?, ?>) log).get("parameters");
        assertThat(parameters).as("%s: its parameters", name).isInstanceOf(Map.class);
        Map<String, Object> properties = new LinkedHashMap<>();
        ((Map<?, ?>) parameters).forEach((key, value) -> properties.put(String.valueOf(key), String.valueOf(value)));
        DefaultErrorHandlerBuilder errorHandler = new DefaultErrorHandlerBuilder();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PropertyBindingSupport.build().withMandatory(true).withIgnoreCase(true).bind(context, errorHandler, properties);
        }
        return errorHandler.getRedeliveryPolicy();
    }

    /** The Pipe sets only properties the Kamelet defines, and every required one that has no default. */
    private static void assertBinds(String pipe, String kamelet, Map<String, Object> properties) throws IOException {
        Path file = Path.of("kamelets", kamelet + ".kamelet.yaml");
        assertThat(file).as("%s binds %s", pipe, kamelet).exists();
        Definition definition = ((Kamelet) read(Files.readString(file), file.toString()).get(0)).getSpec().getDefinition();
        assertThat(properties.keySet()).as(pipe).isSubsetOf(definition.getProperties().keySet());
        if (definition.getRequired() != null) {
            assertThat(definition.getRequired().stream().filter(required -> definition.getProperties().get(required).get_default() == null))
                    .as(pipe).allSatisfy(required -> assertThat(properties).containsKey(required));
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
                Object resource = KUBERNETES.unmarshal(document);
                assertThat(resource).as(where).isInstanceOf(HasMetadata.class);
                resources.add(resource instanceof GenericKubernetesResource generic && CAMEL_K.equals(generic.getApiVersion())
                        ? camelK(document, generic.getKind(), where) : (HasMetadata) resource);
            }
        }
        return resources;
    }

    /**
     * A Camel K resource in the model Camel K generates from its CRDs. That model has no place for
     * unknown fields, so here they fail the reading.
     */
    private static HasMetadata camelK(String document, String kind, String where) {
        try {
            return STRICT_YAML.readValue(document, Class.forName("org.apache.camel.v1." + kind).asSubclass(HasMetadata.class));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(where + ": " + kind + " is no Camel K kind", e);
        } catch (IOException e) {
            throw new AssertionError(where + ": " + e.getMessage(), e);
        }
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
                // Camel K's model keeps additional properties only where its CRDs leave an object open (a Pipe's
                // properties, a Kamelet's template); anywhere else, reading it has failed already.
                if (getter.getName().equals("getAdditionalProperties") && value.getClass().getPackageName().startsWith("org.apache.camel.v1")) {
                    continue;
                }
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
