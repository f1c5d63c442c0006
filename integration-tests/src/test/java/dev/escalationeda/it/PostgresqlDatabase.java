package dev.escalationeda.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh database on the PostgreSQL server the tests run against (127.0.0.1:5432, trust auth,
 * as {@code .ci/run} and {@code integration-tests/postgresql.sh} set it up), dropped afterwards.
 */
public final class PostgresqlDatabase implements AutoCloseable {

    private static final String SERVER = System.getProperty("it.postgresql.url", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String USER = System.getProperty("it.postgresql.user", "postgres");

    private final String name = "eda_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public PostgresqlDatabase() {
        execute("CREATE DATABASE " + name);
    }

    public String jdbcUrl() {
        return SERVER + name;
    }

    /** The standard Quarkus datasource variables that switch the service to this database. */
    public Map<String, String> environment() {
        return Map.of("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl(), "QUARKUS_DATASOURCE_USERNAME", USER);
    }

    public String user() {
        return USER;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    @Override
    public void close() {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " is needed by this test ("
                    + "integration-tests/postgresql.sh starts it): " + e.getMessage(), e);
        }
    }
}
