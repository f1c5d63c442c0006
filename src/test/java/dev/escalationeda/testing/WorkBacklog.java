package dev.escalationeda.testing;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.IntConsumer;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;

/**
 * A backlog of work larger than a bounded SEDA queue and its wireTap pool hold together (1,000
 * each): made while the route of the workers is suspended, then counted in the state database.
 */
public final class WorkBacklog {

    /** More than the 2,000 entries after which producers to a bounded queue block. */
    public static final int SIZE = 2500;

    private WorkBacklog() {
    }

    /** Makes {@link #SIZE} calls while {@code workerRoute} is suspended; fails if one blocks. */
    public static void makeWhileSuspended(CamelContext camelContext, String workerRoute, IntConsumer call) throws Exception {
        camelContext.getRouteController().suspendRoute(workerRoute);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                for (int index = 0; index < SIZE; index++) {
                    call.accept(index);
                }
                return true;
            });
        } finally {
            camelContext.getRouteController().resumeRoute(workerRoute);
        }
    }

    /** The count a {@code SELECT COUNT(*)} with one string parameter returns. */
    public static long count(DataSource dataSource, String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement count = connection.prepareStatement(sql)) {
            count.setString(1, parameter);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
