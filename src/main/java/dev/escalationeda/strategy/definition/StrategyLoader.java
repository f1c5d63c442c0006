package dev.escalationeda.strategy.definition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Loads the strategy definition files of a folder ({@code *.yaml}, {@code *.yml}; several documents
 * per file) and validates them together. Every error of every file is reported at once.
 */
public final class StrategyLoader {

    private StrategyLoader() {
    }

    /** The strategies in {@code directory} (none when it does not exist). */
    public static Strategies load(Path directory) {
        Problems problems = new Problems();
        StrategyFileReader reader = new StrategyFileReader(problems);
        for (Path file : files(directory)) {
            String name = file.getFileName().toString();
            try {
                Iterable<Node> documents = new Compose(LoadSettings.builder().setLabel(name).build())
                        .composeAllFromString(Files.readString(file));
                for (Node document : documents) {
                    reader.read(name, document);
                }
            } catch (MarkedYamlEngineException e) {
                int line = e.getProblemMark().map(StrategyLoader::line).orElse(1);
                problems.error(new Source(name, line), "not valid YAML: " + e.getProblem() + context(e));
            } catch (YamlEngineException e) {
                problems.error(new Source(name, 1), "not valid YAML: " + e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read strategy definitions from " + file, e);
            }
        }
        new StrategyValidator(problems).validate(reader.definitions(), reader.triggers());
        if (!problems.errors().isEmpty()) {
            throw new StrategyDefinitionException(problems.errors());
        }
        Map<String, StrategyDefinition> definitions = reader.definitions().stream()
                .collect(Collectors.toMap(StrategyDefinition::name, Function.identity()));
        return new Strategies(definitions, reader.triggers(), problems.warnings());
    }

    private static int line(Mark mark) {
        return mark.getLine() + 1;
    }

    /**
     * Where the broken construct began: the parser notices an unclosed quote or bracket only lines
     * later, so the problem's line alone may point past the mistake.
     */
    private static String context(MarkedYamlEngineException e) {
        if (e.getContext() == null) {
            return "";
        }
        return " (" + e.getContext() + e.getContextMark().map(mark -> " at line " + line(mark)).orElse("") + ")";
    }

    private static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list strategy definitions in " + directory, e);
        }
    }
}
