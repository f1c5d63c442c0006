package dev.escalationeda.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/** The strategy tables changed directly, into a state a crash, an earlier version or the passing of time leaves them in. */
final class StrategyTables {

    private StrategyTables() {
    }

    /** Runs an INSERT, UPDATE or DELETE that must change at least one row. */
    static void execute(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            assertThat(statement.executeUpdate()).isPositive();
        }
    }
}
