package dev.escalationeda.persistence;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Activates PostgreSQL when its JDBC URL is configured and the embedded H2 database otherwise,
 * so that the standard {@code QUARKUS_DATASOURCE_*} variables are all it takes to switch.
 * The database kind of a Quarkus datasource is fixed at build time; activation is not.
 */
public class DatabaseSelectionConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties, so an explicit {@code quarkus.datasource[.embedded].active} wins. */
    private static final int ORDINAL = 100;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue url = context.getValue("quarkus.datasource.jdbc.url");
        boolean postgresql = url != null && url.getValue() != null && !url.getValue().isBlank();
        return List.of(new MapBackedConfigSource("escalation-eda-database-selection", Map.of(
                "quarkus.datasource.active", Boolean.toString(postgresql),
                "quarkus.datasource.embedded.active", Boolean.toString(!postgresql)), ORDINAL) {
        });
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
