package dev.escalationeda.strategy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.escalationeda.strategy.definition.StrategyDefinition;
import dev.escalationeda.strategy.definition.StrategyLoader;
import dev.escalationeda.strategy.definition.StrategyTrigger;
import dev.escalationeda.strategy.definition.Strategies;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The strategies the service runs, loaded and validated from the definition files once at startup:
 * a file with an error stops the service with a message naming the file, line and problem.
 */
@Startup
@ApplicationScoped
public class StrategyCatalog {

    private static final Logger LOG = Logger.getLogger(StrategyCatalog.class);

    private final Strategies strategies;
    /** The success paths of the strategies whose path is the same for every run, worked out once. */
    private final Map<String, Set<String>> fixedSuccessPaths;

    public StrategyCatalog(StrategyConfig config) {
        this.strategies = StrategyLoader.load(Path.of(config.dir()));
        strategies.warnings().forEach(warning -> LOG.warnf("Strategy definitions: %s", warning));
        this.fixedSuccessPaths = strategies.definitions().values().stream().filter(definition -> !SuccessPath.dependsOnVariables(definition))
                .collect(Collectors.toUnmodifiableMap(StrategyDefinition::name, definition -> SuccessPath.of(definition, Map.of())));
        LOG.infof("Strategies loaded from %s: %s", config.dir(), strategies.definitions().keySet());
    }

    public Optional<StrategyDefinition> definition(String name) {
        return strategies.definition(name);
    }

    public List<StrategyTrigger> triggers() {
        return strategies.triggers();
    }

    /** The stages a run of {@code strategy} with {@code variables} goes through when every stage succeeds. */
    public Set<String> successPath(String strategy, Map<String, String> variables) {
        Set<String> fixed = fixedSuccessPaths.get(strategy);
        return fixed != null ? fixed : SuccessPath.of(definition(strategy).orElseThrow(), variables);
    }
}
