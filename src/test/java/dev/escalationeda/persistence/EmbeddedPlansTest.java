package dev.escalationeda.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/**
 * How H2 reads the embedded state database under its indexes. PostgreSQL's own indexes for the stages
 * (db/postgresql) would make H2's planner, which does not weigh ranges, read every stage for the
 * recovery's look for running stages whose lease ran out.
 */
class EmbeddedPlansTest {

    @Test
    void theRecoveryFindsTheRunningStagesThroughAnIndexWithoutReadingEveryStage() throws SQLException {
        EmbeddedMigrations database = new EmbeddedMigrations();
        database.migrateTo("latest");
        try (Connection connection = DriverManager.getConnection(database.url, "sa", "");
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO strategy_run (context_id, strategy, status, variables, created_at) "
                    + "SELECT 'run-' || X, 'sample', 'success', '{}', CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 1000)");
            statement.execute("INSERT INTO stage_run (context_id, stage, state, finished_at, outcome, emitted) "
                    + "SELECT 'run-' || R.X, 'stage-' || S.X, 'success', CURRENT_TIMESTAMP, 'Success', TRUE "
                    + "FROM SYSTEM_RANGE(1, 1000) R, SYSTEM_RANGE(1, 4) S");
            statement.execute("INSERT INTO stage_run (context_id, stage, state, started_at, lease_until) "
                    + "SELECT 'run-' || X, 'running', 'running', CURRENT_TIMESTAMP, DATEADD('MINUTE', 5, CURRENT_TIMESTAMP) "
                    + "FROM SYSTEM_RANGE(1, 30)");
            statement.execute("ANALYZE");
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN ANALYZE SELECT s.*, r.strategy FROM stage_run s "
                    + "JOIN strategy_run r ON r.context_id = s.context_id WHERE s.state = ? AND s.lease_until < ? FETCH FIRST ? ROWS ONLY")) {
                explain.setString(1, "running");
                explain.setObject(2, OffsetDateTime.now());
                explain.setInt(3, 100);
                try (ResultSet plan = explain.executeQuery()) {
                    assertThat(plan.next()).isTrue();
                    assertThat(plan.getString(1)).contains("STAGE_RUN_BY_STATE").doesNotContain("tableScan");
                }
            }
        }
    }
}
