package dev.escalationeda.webhook;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.dao.DataIntegrityViolationException;

/** The persistent record of webhook deliveries already turned into events (Idempotent Consumer EIP). */
@ApplicationScoped
public class WebhookDeliveries {

    static final String PROCESSOR_NAME = "jira-webhook";

    @Produces
    @Singleton
    @Named("webhookDeliveryRepository")
    IdempotentRepository webhookDeliveryRepository(@Named("stateDataSource") DataSource dataSource) {
        JdbcMessageIdRepository repository = new ConcurrentJdbcMessageIdRepository(dataSource);
        repository.setCreateTableIfNotExists(false);
        return repository;
    }

    /**
     * Camel's repository checks then inserts; when two deliveries of one id race (replicas sharing a
     * database, or Jira retrying while the first is in flight) the loser's insert hits the primary key.
     * That is a duplicate, not an error.
     */
    static final class ConcurrentJdbcMessageIdRepository extends JdbcMessageIdRepository {

        ConcurrentJdbcMessageIdRepository(DataSource dataSource) {
            super(dataSource, PROCESSOR_NAME);
        }

        @Override
        public boolean add(String key) {
            try {
                return super.add(key);
            } catch (DataIntegrityViolationException e) {
                return false;
            }
        }
    }
}
