package dev.escalationeda.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Upgrading an embedded database across V11: each Idempotency-Key that started runs before it keeps its first run. */
class IdempotencyKeyMigrationTest {

    @Test
    void eachKeyKeepsOneRunAndNoEventBecomesAKey() throws SQLException {
        EmbeddedMigrations database = new EmbeddedMigrations();
        database.migrateTo("10");
        try (Connection connection = DriverManager.getConnection(database.url, "sa", "");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO strategy_run "
                        + "(context_id, strategy, status, cause, variables, created_at) VALUES (?, ?, 'in-progress', ?, '{}', ?)")) {
            Instant now = Instant.now();
            run(insert, "00000000-0000-0000-0000-000000000001", "main", "<api> release-1", now);
            // the race the upgrade closes: one key, two strategies; the key answered with the first run
            run(insert, "00000000-0000-0000-0000-000000000003", "main", "<api> release-2", now.minusSeconds(1));
            run(insert, "00000000-0000-0000-0000-000000000002", "hotfix", "<api> release-2", now);
            run(insert, "00000000-0000-0000-0000-000000000004", "main", "/github/push 8f2c", now);
            run(insert, "00000000-0000-0000-0000-000000000005", "main", null, now);
        }

        database.migrateTo("11");

        Map<String, String> keys = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.url, "sa", "");
                PreparedStatement select = connection.prepareStatement("SELECT cause, context_id FROM strategy_run_idempotency_key");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.put(rows.getString("cause"), rows.getString("context_id"));
            }
        }
        assertThat(keys).containsOnlyKeys("<api> release-1", "<api> release-2")
                .containsEntry("<api> release-1", "00000000-0000-0000-0000-000000000001")
                .containsEntry("<api> release-2", "00000000-0000-0000-0000-000000000003");
    }

    private static void run(PreparedStatement insert, String contextId, String strategy, String cause, Instant createdAt)
            throws SQLException {
        insert.setString(1, contextId);
        insert.setString(2, strategy);
        insert.setString(3, cause);
        insert.setTimestamp(4, Timestamp.from(createdAt));
        insert.executeUpdate();
    }
}
