package dev.escalationeda.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.escalationeda.request.NamespaceRequestStore;
import dev.escalationeda.strategy.StrategyRunStore;
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
            // Not StrategyRunStore.RENEW_LEASE: it also names the lease it replaces, an instant to the
            // microsecond, and finds the row through stage_run_by_lease as directly as through the key.
            Map<String, String> primaryKeys = Map.of(
                    StrategyRunStore.START_STAGE, "stage_run_pkey",
                    StrategyRunStore.FINISH_STAGE, "stage_run_pkey",
                    StrategyRunStore.AWAIT_OUTSIDE, "stage_run_pkey",
                    NamespaceRequestStore.TRANSITION, "namespace_request_pkey",
                    NamespaceRequestStore.CLOSING_TRANSITION, "namespace_request_pkey",
                    NamespaceRequestStore.AWAITS_TICKET, "namespace_request_pkey");
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
            String plan;
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN ANALYZE " + StrategyRunStore.UNEMITTED_STAGES)) {
                explain.setString(1, "success");
                explain.setString(2, "failed");
                explain.setObject(3, OffsetDateTime.now());
                explain.setInt(4, 100);
                plan = plan(explain.executeQuery());
            }
            assertThat(plan).contains("stage_run_by_emission").doesNotContain("Rows Removed by Filter");
        }
    }

    private static void migrate(PostgresqlDatabase database) {
        // the locations quarkus.flyway.locations gives for PostgreSQL
        Flyway.configure().dataSource(database.jdbcUrl(), database.user(), "").locations("db/migration", "db/postgresql")
                .load().migrate();
    }

    /** The plan PostgreSQL keeps for {@code sql} (with JDBC's ? parameters, of unknown type here) on a connection. */
    private static String genericPlan(Statement statement, String sql) throws SQLException {
        statement.execute("DEALLOCATE ALL");
        StringBuilder numbered = new StringBuilder();
        List<String> nulls = new ArrayList<>();
        for (char c : sql.toCharArray()) {
            if (c == '?') {
                nulls.add("NULL");
                numbered.append('$').append(nulls.size());
            } else {
                numbered.append(c);
            }
        }
        statement.execute("PREPARE change AS " + numbered);
        return plan(statement.executeQuery("EXPLAIN EXECUTE change(" + String.join(", ", nulls) + ")"));
    }

    private static String plan(ResultSet rows) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (rows) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
