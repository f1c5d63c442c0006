package dev.escalationeda.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.escalationeda.strategy.StrategyRunStore;
import org.junit.jupiter.api.Test;

/**
 * How H2 reads the embedded state database under its indexes: the recovery and the pipeline watch find
 * the few running stages, and the recovery the few finished stages not emitted, through an index.
 * PostgreSQL's own indexes for the stages (db/postgresql) would make H2's planner, which does not weigh
 * ranges, read every stage for the first.
 */
class EmbeddedPlansTest {

    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @Test
    void theRecoveryFindsTheRunningStagesThroughAnIndexWithoutReadingEveryStage() throws SQLException {
        try (Connection connection = withRunningAndFinishedStages()) {
            String plan = plan(connection, StrategyRunStore.STALLED_STAGES, "running", OffsetDateTime.now(), 100);
            assertThat(plan).contains("STAGE_RUN_BY_STATE").doesNotContain("tableScan");
        }
    }

    @Test
    void thePipelineWatchFindsTheStagesWaitingOutsideThroughAnIndexWithoutReadingEveryRun() throws SQLException {
        try (Connection connection = withRunningAndFinishedStages()) {
            // the first page
            String plan = plan(connection, StrategyRunStore.STAGES_WAITING_OUTSIDE + StrategyRunStore.PAGE_OF_STAGES, "running", 100);
            assertThat(plan).contains("STAGE_RUN_BY_STATE").doesNotContain("tableScan");
        }
    }

    @Test
    void theRecoveryFindsTheFinishedStagesNotEmittedWithoutReadingTheOthers() throws SQLException {
        try (Connection connection = withRunningAndFinishedStages()) {
            Object[] parameters = {"success", "failed", OffsetDateTime.now(), 100};
            String plan = plan(connection, StrategyRunStore.UNEMITTED_STAGES, parameters);
            assertThat(plan).contains("STAGE_RUN_BY_EMISSION");
            // the 7 stages it finds and the first stage that is not one: not the waiting stages before them
            assertThat(scanCount(plan)).isLessThanOrEqualTo(8);
            assertThat(count(connection, StrategyRunStore.UNEMITTED_STAGES, parameters)).isEqualTo(7);
        }
    }

    /**
     * A new embedded database with 5,000 runs, each with four finished stages (the last 7 not emitted
     * yet) and a waiting one, and 30 running stages: 20 with a lease, 10 waiting outside.
     */
    private static Connection withRunningAndFinishedStages() throws SQLException {
        EmbeddedMigrations database = new EmbeddedMigrations();
        database.migrateTo("latest");
        Connection connection = DriverManager.getConnection(database.url, "sa", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO strategy_run (context_id, strategy, status, variables, created_at) "
                    + "SELECT 'run-' || X, 'sample', 'success', '{}', CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, 5000)");
            statement.execute("INSERT INTO stage_run (context_id, stage, state, finished_at, outcome, emitted) "
                    + "SELECT 'run-' || R.X, 'stage-' || S.X, 'success', CURRENT_TIMESTAMP, 'Success', TRUE "
                    + "FROM SYSTEM_RANGE(1, 5000) R, SYSTEM_RANGE(1, 4) S");
            statement.execute("UPDATE stage_run SET emitted = FALSE, finished_at = DATEADD('MINUTE', -1, CURRENT_TIMESTAMP) "
                    + "WHERE stage = 'stage-4' AND context_id IN (SELECT 'run-' || X FROM SYSTEM_RANGE(4994, 5000))");
            statement.execute("INSERT INTO stage_run (context_id, stage, state) SELECT 'run-' || X, 'waiting', 'waiting' FROM SYSTEM_RANGE(1, 5000)");
            statement.execute("INSERT INTO stage_run (context_id, stage, state, started_at, lease_until) "
                    + "SELECT 'run-' || X, 'running', 'running', CURRENT_TIMESTAMP, "
                    + "CASE WHEN X <= 20 THEN DATEADD('MINUTE', 5, CURRENT_TIMESTAMP) END FROM SYSTEM_RANGE(1, 30)");
            statement.execute("ANALYZE");
        }
        return connection;
    }

    private static String plan(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement explain = prepare(connection, "EXPLAIN ANALYZE " + sql, parameters); ResultSet plan = explain.executeQuery()) {
            assertThat(plan.next()).isTrue();
            return plan.getString(1);
        }
    }

    /** The rows the first table of an analysed plan read. */
    private static int scanCount(String plan) {
        Matcher scanned = SCAN_COUNT.matcher(plan);
        assertThat(scanned.find()).as(plan).isTrue();
        return Integer.parseInt(scanned.group(1));
    }

    private static int count(Connection connection, String sql, Object... parameters) throws SQLException {
        int rows = 0;
        try (PreparedStatement query = prepare(connection, sql, parameters); ResultSet found = query.executeQuery()) {
            while (found.next()) {
                rows++;
            }
        }
        return rows;
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int index = 0; index < parameters.length; index++) {
            statement.setObject(index + 1, parameters[index]);
        }
        return statement;
    }
}
