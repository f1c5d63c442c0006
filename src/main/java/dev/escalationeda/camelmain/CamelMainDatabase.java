package dev.escalationeda.camelmain;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import org.flywaydb.core.Flyway;

/**
 * The state database outside Quarkus, chosen as the service chooses it: PostgreSQL when
 * {@code QUARKUS_DATASOURCE_JDBC_URL} is set, the embedded H2 file database otherwise. The same pool
 * (Agroal) and the same migrations (Flyway) as in Quarkus.
 */
final class CamelMainDatabase {

    private static final int MAX_CONNECTIONS = 16;
    /** Flyway's and Quarkus' default location of migrations. */
    private static final String DEFAULT_MIGRATIONS = "db/migration";

    private CamelMainDatabase() {
    }

    static DataSource open(CamelMainConfig config) throws SQLException {
        String postgresql = config.value("quarkus.datasource.jdbc.url");
        String prefix = postgresql != null ? "quarkus.datasource." : "quarkus.datasource.embedded.";
        String url = postgresql != null ? postgresql : config.value("quarkus.datasource.embedded.jdbc.url");
        String username = config.value(prefix + "username");
        String password = config.value(prefix + "password");
        AgroalDataSource dataSource = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(pool -> pool.maxSize(MAX_CONNECTIONS).connectionFactoryConfiguration(factory -> {
                    factory.jdbcUrl(url);
                    if (username != null) {
                        factory.principal(new NamePrincipal(username));
                    }
                    if (password != null) {
                        factory.credential(new SimplePassword(password));
                    }
                    return factory;
                })));
        String locations = config.value(postgresql != null ? "quarkus.flyway.locations" : "quarkus.flyway.embedded.locations");
        Flyway.configure().dataSource(dataSource).locations((locations != null ? locations : DEFAULT_MIGRATIONS).split(","))
                .load().migrate();
        return dataSource;
    }
}
