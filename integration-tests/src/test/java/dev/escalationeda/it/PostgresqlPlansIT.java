package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * How PostgreSQL reads the state database under the service's indexes, on a database migrated by
 * the service's own migrations. A row's conditional change names its key and the state it expects;
 * an index leading with that state once won the plan on a new database, before its first ANALYZE,
 * and each change read every row in the state.
 */
class PostgresqlPlansIT {

    @Test
    void onANewDatabaseAConditionalChangeFindsItsRowByItsPrimaryKey() throws Exception {
        try (PostgresqlDatabase database = new PostgresqlDatabase(); Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            migrate(database);
            // the plan a pooled connection keeps once a statement has run five times
            statement.execute("SET plan_cache_mode = force_generic_plan");
            Map<String, String> primaryKeys = Map.of(
                    "UPDATE stage_run SET state = $1, started_at = $2, lease_until = $3 WHERE context_id = $4 AND stage = $5 AND state = $6",
                    "stage_run_pkey",
                    "UPDATE stage_run SET state = $1, outcome = $2, detail = $3, finished_at = $4, lease_until = NULL "
                            + "WHERE context_id = $5 AND stage = $6 AND state = $7", "stage_run_pkey",
                    "UPDATE stage_run SET lease_until = NULL WHERE context_id = $1 AND stage = $2 AND state = $3", "stage_run_pkey",
                    "UPDATE namespace_request SET status = $1, updated_at = $2, result = $3 WHERE id = $4 AND status = $5",
                    "namespace_request_pkey",
                    "SELECT 1 FROM namespace_request WHERE id = $1 AND status = $2 AND ticket_requested_at IS NOT NULL AND ticket_key IS NULL",
                    "namespace_request_pkey");
            for (Map.Entry<String, String> change : primaryKeys.entrySet()) {
                assertThat(genericPlan(statement, change.getKey())).as(change.getKey()).contains("Index Scan using " + change.getValue());
            }
        }
    }

    @Test
    void theRecoveryReadsTheFinishedStagesWhoseEventsWereNotEmittedAndNoOthers() throws Exception {
        try (PostgresqlDatabase database = new PostgresqlDatabase(); Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            migrate(database);
            statement.execute("INSERT INTO strategy_run (context_id, strategy, status, variables, created_at) "
                    + "SELECT 'run-' || n, 'sample', 'success', '{}', now() FROM generate_series(1, 1000) n");
            statement.execute("INSERT INTO stage_run (context_id, stage, state, finished_at, outcome, emitted) "
                    + "SELECT 'run-' || n, 'stage-' || s, 'success', now() - interval '1 hour', 'Success', n > 3 "
                    + "FROM generate_series(1, 1000) n, generate_series(1, 5) s");
            statement.execute("ANALYZE stage_run");
            String plan = plan(statement, "EXPLAIN ANALYZE SELECT s.*, r.strategy FROM stage_run s JOIN strategy_run r "
                    + "ON r.context_id = s.context_id WHERE s.state IN ('success', 'failed') AND s.emitted = FALSE "
                    + "AND s.finished_at < now() FETCH FIRST 100 ROWS ONLY");
            assertThat(plan).contains("stage_run_by_emission").doesNotContain("Rows Removed by Filter");
        }
    }

    private static void migrate(PostgresqlDatabase database) {
        // the locations quarkus.flyway.locations gives for PostgreSQL
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), "").locations("db/migration", "db/postgresql")
                .load().migrate();
    }

    /** The plan PostgreSQL keeps for {@code sql} (with $n parameters of unknown type) on a connection. */
    private static String genericPlan(Statement statement, String sql) throws SQLException {
        statement.execute("DEALLOCATE ALL");
        statement.execute("PREPARE change AS " + sql);
        int parameters = sql.split("\\$", -1).length - 1;
        List<String> nulls = new ArrayList<>();
        for (int i = 0; i < parameters; i++) {
            nulls.add("NULL");
        }
        return plan(statement, "EXPLAIN EXECUTE change(" + String.join(", ", nulls) + ")");
    }

    private static String plan(Statement statement, String explain) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery(explain)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
