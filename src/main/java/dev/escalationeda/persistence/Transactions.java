package dev.escalationeda.persistence;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Plain JDBC transactions on the state database, and the one failure the stores expect from it. */
public final class Transactions {

    /** SQLSTATE of a unique constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    /** Work on one connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws; a
     * database failure comes out as an IllegalStateException saying {@code failure}, with the
     * SQLException as its cause.
     */
    public static <T> T inTransaction(DataSource dataSource, String failure, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    /** Whether the insert or update failed on a unique constraint (the row is there already). */
    public static boolean isUniqueViolation(SQLException failure) {
        return UNIQUE_VIOLATION.equals(failure.getSQLState());
    }

    /** The same, for a failure that {@link #inTransaction} wrapped. */
    public static boolean isUniqueViolation(IllegalStateException failure) {
        return failure.getCause() instanceof SQLException sql && isUniqueViolation(sql);
    }
}
