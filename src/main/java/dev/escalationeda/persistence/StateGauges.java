package dev.escalationeda.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import dev.escalationeda.escalation.EscalationState;
import dev.escalationeda.request.RequestStatus;
import dev.escalationeda.strategy.RunStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * Gauges of what the state database holds, read when Prometheus scrapes: namespace requests and
 * strategy runs by status, escalations still pending, events waiting for the sink. Counted in the
 * database rather than in memory because replicas share it and a restart must not reset them.
 */
@Startup
@ApplicationScoped
public class StateGauges {

    private static final Logger LOG = Logger.getLogger(StateGauges.class);

    private final DataSource dataSource;

    public StateGauges(@Named("stateDataSource") DataSource dataSource, MeterRegistry meters) {
        this.dataSource = dataSource;
        for (RequestStatus status : RequestStatus.values()) {
            gauge(meters, "eda.namespace.requests", "Namespace requests by status", "status", status.value(),
                    "SELECT count(*) FROM namespace_request WHERE status = ?");
        }
        for (RunStatus status : RunStatus.values()) {
            gauge(meters, "eda.strategy.runs.current", "Strategy runs by status", "status", status.value(),
                    "SELECT count(*) FROM strategy_run WHERE status = ?");
        }
        gauge(meters, "eda.escalations.pending", "Escalations scheduled and not yet sent", "state", EscalationState.PENDING.value(),
                "SELECT count(*) FROM escalation WHERE state = ?");
        Gauge.builder("eda.events.outbox", () -> count("SELECT count(*) FROM event_outbox"))
                .description("Events not yet taken by the sink").register(meters);
    }

    private void gauge(MeterRegistry meters, String name, String description, String tag, String value, String sql) {
        Gauge.builder(name, () -> count(sql, value)).description(description).tag(tag, value).register(meters);
    }

    private double count(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                select.setString(index + 1, parameters[index]);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            LOG.debugf("Gauge not read: %s", e.getMessage());
            return Double.NaN;
        }
    }
}
