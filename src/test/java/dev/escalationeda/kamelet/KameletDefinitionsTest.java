package dev.escalationeda.kamelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every Kamelet in kamelets/ as Camel K and a Pipe see it: a {@code camel.apache.org/v1} Kamelet named
 * after its file, a JSON-schema definition whose secrets are passwords, its dependencies, and a template
 * that reads from {@code kamelet:source} (sinks) or sends to {@code kamelet:sink} (sources) and uses
 * only the properties it defines. That each template runs is the business of the tests beside this one.
 */
class KameletDefinitionsTest {

    private static final Path KAMELETS = Path.of("kamelets");
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|secret|token).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([^}:]+)}}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Stream<Path> kamelets() throws IOException {
        return Files.list(KAMELETS).filter(file -> file.toString().endsWith(".kamelet.yaml")).sorted();
    }

    @Test
    void theProductHasASourceAndTheSinksItsPipesNeed() throws IOException {
        assertThat(kamelets().map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                "jira-webhook-source.kamelet.yaml", "escalation-mail-sink.kamelet.yaml",
                "backstage-notification-sink.kamelet.yaml", "namespace-provisioning-sink.kamelet.yaml");
    }

    @ParameterizedTest
    @MethodSource("kamelets")
    void isACamelKKamelet(Path file) throws IOException {
        Map<String, Object> kamelet = load(file);
        String name = file.getFileName().toString().replace(".kamelet.yaml", "");
        assertThat(kamelet).containsEntry("apiVersion", "camel.apache.org/v1").containsEntry("kind", "Kamelet");
        Map<String, Object> metadata = map(kamelet.get("metadata"));
        assertThat(metadata).containsEntry("name", name);
        String type = name.endsWith("-source") ? "source" : "sink";
        assertThat(map(metadata.get("labels"))).containsEntry("camel.apache.org/kamelet.type", type);
        assertThat(map(metadata.get("annotations"))).containsKeys("camel.apache.org/provider",
                "camel.apache.org/kamelet.group", "camel.apache.org/kamelet.support.level");

        Map<String, Object> spec = map(kamelet.get("spec"));
        Map<String, Object> definition = map(spec.get("definition"));
        assertThat(definition).containsKeys("title", "description").containsEntry("type", "object");
        Map<String, Object> properties = map(definition.get("properties"));
        assertThat(definition.containsKey("required") ? list(definition.get("required")) : List.of())
                .allSatisfy(required -> assertThat(properties).containsKey((String) required));
        properties.forEach((property, schema) -> {
            assertThat(map(schema)).as(property).containsKeys("title", "description").containsEntry("type", "string");
            if (SECRET.matcher(property).matches()) {
                assertThat(map(schema)).as(property).containsEntry("format", "password");
                assertThat(list(map(schema).get("x-descriptors"))).as(property).contains("urn:camel:group:credentials");
            }
        });

        assertThat(list(spec.get("dependencies"))).contains("camel:core", "camel:kamelet")
                .allSatisfy(dependency -> assertThat((String) dependency).matches("(camel|mvn):.+"));

        Map<String, Object> template = map(spec.get("template"));
        Map<String, Object> from = map(template.get("from"));
        if ("sink".equals(type)) {
            assertThat(from).containsEntry("uri", "kamelet:source");
        } else {
            assertThat(endpointsSentTo(from)).contains("kamelet:sink");
        }
        Set<String> beans = new HashSet<>();
        if (template.containsKey("beans")) {
            list(template.get("beans")).forEach(bean -> beans.add((String) map(bean).get("name")));
        }
        Matcher placeholders = PLACEHOLDER.matcher(MAPPER.writeValueAsString(template));
        while (placeholders.find()) {
            assertThat(placeholders.group(1)).as("placeholder %s", placeholders.group())
                    .isIn(Stream.concat(properties.keySet().stream(), beans.stream()).toList());
        }
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return map(new Load(LoadSettings.builder().build()).loadFromInputStream(in));
        }
    }

    /** Every endpoint the steps under {@code node} send to with {@code to}. */
    private static List<String> endpointsSentTo(Object node) {
        List<String> uris = new ArrayList<>();
        if (node instanceof Map<?, ?> fields) {
            fields.forEach((key, value) -> {
                if ("to".equals(key)) {
                    uris.add(value instanceof Map<?, ?> to ? (String) to.get("uri") : (String) value);
                } else {
                    uris.addAll(endpointsSentTo(value));
                }
            });
        } else if (node instanceof List<?> items) {
            items.forEach(item -> uris.addAll(endpointsSentTo(item)));
        }
        return uris;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
