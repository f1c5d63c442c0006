package dev.escalationeda.strategy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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

    public StrategyCatalog(StrategyConfig config) {
        this.strategies = StrategyLoader.load(Path.of(config.dir()));
        strategies.warnings().forEach(warning -> LOG.warnf("Strategy definitions: %s", warning));
        LOG.infof("Strategies loaded from %s: %s", config.dir(), strategies.definitions().keySet());
    }

    public Optional<StrategyDefinition> definition(String name) {
        return strategies.definition(name);
    }

    public List<StrategyTrigger> triggers() {
        return strategies.triggers();
    }
}
