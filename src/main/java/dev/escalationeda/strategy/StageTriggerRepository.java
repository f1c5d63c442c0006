package dev.escalationeda.strategy;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The AND-join Aggregator's repository: partly joined stages live in the state database (table
 * stage_trigger_join), so a restart between two triggers loses nothing, and replicas sharing
 * PostgreSQL join through it with optimistic locking. Joins completed but not yet acted on are
 * recovered after a crash.
 */
@ApplicationScoped
public class StageTriggerRepository {

    @Produces
    @ApplicationScoped
    @Named("stageTriggerJoins")
    JdbcAggregationRepository stageTriggerJoins(@Named("stateDataSource") DataSource dataSource) {
        return create(dataSource);
    }

    /** The repository on the state database, as the Quarkus service and camel run both use it. */
    public static JdbcAggregationRepository create(DataSource dataSource) {
        // Not PostgresAggregationRepository: its INSERT ... ON CONFLICT leaves the version column empty on a
        // first insert, which the optimistic locking of the Aggregator then takes for a conflict, forever.
        JdbcAggregationRepository repository = new JdbcAggregationRepository();
        repository.setRepositoryName("stage_trigger_join");
        repository.setDataSource(dataSource);
        repository.setTransactionManager(new DataSourceTransactionManager(dataSource));
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(5000);
        return repository;
    }
}
