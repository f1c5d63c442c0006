package dev.escalationeda.strategy.definition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * A YAML mapping of a definition file read at the node level, so that every value keeps its line
 * for error messages (data binding would lose it). Unknown keys and wrongly shaped values are
 * reported to {@link Problems}; reading goes on, so that one run of the loader reports them all.
 */
final class YamlMapping {

    private final String file;
    private final String what;
    private final Node node;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keys = new LinkedHashMap<>();
    private final Problems problems;

    private YamlMapping(String file, String what, Node node, Problems problems) {
        this.file = file;
        this.what = what;
        this.node = node;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    // The composer keeps both entries of a repeated key; silently taking one would hide a typo.
                    if (keys.containsKey(key.getValue())) {
                        problems.error(source(key), "key '" + key.getValue() + "' appears twice in " + what);
                    }
                    values.put(key.getValue(), tuple.getValueNode());
                    keys.put(key.getValue(), key);
                }
            }
        }
    }

    /** The mapping in {@code node}; an error (and an empty mapping) when it is something else. */
    static YamlMapping of(String file, String what, Node node, Problems problems) {
        if (!(node instanceof MappingNode)) {
            problems.error(source(file, node), what + " must be a mapping of keys to values");
        }
        return new YamlMapping(file, what, node, problems);
    }

    Source source() {
        return source(file, node);
    }

    Source source(Node at) {
        return source(file, at);
    }

    String file() {
        return file;
    }

    static Source source(String file, Node node) {
        return new Source(file, node.getStartMark().map(mark -> mark.getLine() + 1).orElse(1));
    }

    /** Reports every key not in {@code allowed}. */
    void allowOnly(Set<String> allowed) {
        keys.forEach((key, node) -> {
            if (!allowed.contains(key)) {
                problems.error(source(node), "unknown key '" + key + "' in " + what + " (expected one of " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    /** The value of {@code key}; a YAML null ({@code key:} with nothing after it) counts as absent. */
    Optional<Node> node(String key) {
        return Optional.ofNullable(values.get(key)).filter(value -> !isNull(value));
    }

    /** Whether {@code node} is a YAML null, such as the empty document after a trailing {@code ---}. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** A scalar value; reports a missing required one or one that is not a scalar. */
    String scalar(String key, boolean required) {
        Node value = node(key).orElse(null);
        if (value == null) {
            missing(key, required);
            return null;
        }
        return scalar(value, what + " '" + key + "'");
    }

    String scalar(Node value, String description) {
        if (value instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problems.error(source(value), description + " must be a single value");
        return null;
    }

    /** The items of a sequence; reports a value that is not one (or a missing required one). */
    List<Node> sequence(String key, boolean required) {
        Node value = node(key).orElse(null);
        if (value == null) {
            missing(key, required);
            return List.of();
        }
        if (value instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        problems.error(source(value), what + " '" + key + "' must be a list");
        return List.of();
    }

    /** A scalar or a list of scalars (for example allowed: master, or allowed: [master, main]). */
    List<String> scalars(String key) {
        Node value = node(key).orElse(null);
        if (value == null) {
            return List.of();
        }
        if (value instanceof SequenceNode sequence) {
            List<String> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                String text = scalar(item, what + " '" + key + "'");
                if (text != null) {
                    items.add(text);
                }
            }
            return items;
        }
        String text = scalar(value, what + " '" + key + "'");
        return text == null ? List.of() : List.of(text);
    }

    /** A nested mapping of names to single values (attributes, params, variables). */
    Map<String, String> strings(String key, boolean required) {
        Node value = node(key).orElse(null);
        if (value == null) {
            missing(key, required);
            return Map.of();
        }
        return of(file, what + " '" + key + "'", value, problems).strings();
    }

    /** This mapping's entries, all of which must be single values. */
    Map<String, String> strings() {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            String text = scalar(value, what + " '" + key + "'");
            if (text != null) {
                strings.put(key, text);
            }
        });
        return strings;
    }

    /** Reports a missing required key, unless this is no mapping at all: that was reported already. */
    private void missing(String key, boolean required) {
        if (required && node instanceof MappingNode) {
            problems.error(source(), what + " needs '" + key + "'");
        }
    }
}
