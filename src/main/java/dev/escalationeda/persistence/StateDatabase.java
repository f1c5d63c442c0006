package dev.escalationeda.persistence;

import javax.sql.DataSource;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource.DataSourceLiteral;
import io.quarkus.arc.Arc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.Config;

/** The one datasource that holds the service's state: PostgreSQL when configured, embedded H2 otherwise. */
@ApplicationScoped
public class StateDatabase {

    static final String EMBEDDED = "embedded";

    @Produces
    @ApplicationScoped
    @Named("stateDataSource")
    DataSource stateDataSource(Config config) {
        boolean postgresql = config.getOptionalValue("quarkus.datasource.active", Boolean.class).orElse(false);
        return postgresql
                ? Arc.container().select(AgroalDataSource.class).get()
                : Arc.container().select(AgroalDataSource.class, new DataSourceLiteral(EMBEDDED)).get();
    }
}
