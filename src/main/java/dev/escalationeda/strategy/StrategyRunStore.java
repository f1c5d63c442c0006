package dev.escalationeda.strategy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.events.EventOutbox;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.persistence.ColumnText;
import dev.escalationeda.persistence.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.support.LRUCacheFactory;

/**
 * Strategy runs and their stages in the state database. A stage changes state only through
 * conditional UPDATEs (waiting to running, running to finished), so that whichever replica or thread
 * gets there second changes nothing and knows it.
 */
@ApplicationScoped
public class StrategyRunStore {

    /** Runs whose context stays in memory: about the runs in progress at once on one replica. */
    private static final int CACHED_CONTEXTS = 10_000;
    /** The width of strategy_run.variables and event_outbox.data: a run's variables, an event's attributes, as JSON. */
    public static final int MAX_JSON_LENGTH = 65535;
    /** The width of stage_run.detail. */
    private static final int MAX_DETAIL_LENGTH = 2000;
    /*
     * The statements whose plans depend on the indexes: public for the tests that check those plans on
     * H2 (EmbeddedPlansTest) and on a new PostgreSQL database (PostgresqlPlansIT). Each change of a stage
     * names its key and the state it expects.
     */
    public static final String START_STAGE = "UPDATE stage_run SET state = ?, started_at = ?, lease_until = ? "
            + "WHERE context_id = ? AND stage = ? AND state = ?";
    public static final String FINISH_STAGE = "UPDATE stage_run SET state = ?, outcome = ?, detail = ?, finished_at = ?, "
            + "lease_until = NULL WHERE context_id = ? AND stage = ? AND state = ?";
    public static final String AWAIT_OUTSIDE = "UPDATE stage_run SET lease_until = NULL WHERE context_id = ? AND stage = ? AND state = ?";
    public static final String RENEW_LEASE = "UPDATE stage_run SET lease_until = ? "
            + "WHERE context_id = ? AND stage = ? AND state = ? AND lease_until = ?";
    /** Running stages whose lease ran out (state, lease ran out before, limit). */
    public static final String STALLED_STAGES = "SELECT s.*, r.strategy FROM stage_run s JOIN strategy_run r ON r.context_id = s.context_id "
            + "WHERE s.state = ? AND s.lease_until < ? FETCH FIRST ? ROWS ONLY";
    /**
     * Running stages waiting outside (state), the strategy by a subquery, not a join: joined and in key
     * order, H2 read every run to find the few stages. A page ends with {@link #PAGE_OF_STAGES}.
     */
    public static final String STAGES_WAITING_OUTSIDE = "SELECT s.*, (SELECT r.strategy FROM strategy_run r WHERE r.context_id = s.context_id) "
            + "AS strategy FROM stage_run s WHERE s.state = ? AND s.lease_until IS NULL";
    public static final String PAGE_OF_STAGES = " ORDER BY s.context_id, s.stage FETCH FIRST ? ROWS ONLY";
    /** Finished stages not emitted (two finished states, finished before, limit). */
    public static final String UNEMITTED_STAGES = "SELECT s.*, r.strategy FROM stage_run s JOIN strategy_run r ON r.context_id = s.context_id "
            + "WHERE s.state IN (?, ?) AND s.emitted = FALSE AND s.finished_at < ? FETCH FIRST ? ROWS ONLY";
    private static final TypeReference<LinkedHashMap<String, String>> STRINGS = new TypeReference<>() {
    };

    /** What a run's events are processed with: its strategy and variables, which never change once stored. */
    public record RunContext(String contextId, String strategy, Map<String, String> variables) {

        public RunContext {
            variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        }
    }

    /** A run as stored. */
    public record RunRow(String contextId, String strategy, RunStatus status, String cause, Map<String, String> variables,
            Instant createdAt, Instant finishedAt) {
    }

    /** A stage of a run as stored. */
    public record StageRow(String contextId, String strategy, String stage, StageState state, Instant startedAt,
            Instant finishedAt, String outcome, String detail, Instant leaseUntil) {

        public StageKey key() {
            return new StageKey(contextId, stage);
        }
    }

    /** A stage of a run, as the stage table is keyed. */
    public record StageKey(String contextId, String stage) {
    }

    /** A trigger of a stage seen for a run. */
    public record SeenRow(String stage, int index, String eventId, Instant seenAt) {
    }

    /** The run after one of its stages finished. */
    public record RunAfterStage(String strategy, RunStatus before, RunStatus after) {
    }

    /** A run none of whose stages has started, and the attributes of its start event (null for a run stored without them). */
    public record UnstartedRun(String contextId, String strategy, Map<String, String> startEvent) {
    }

    private final DataSource dataSource;
    private final EventOutbox outbox;
    private final ObjectMapper objectMapper;
    private final Map<String, RunContext> contexts = LRUCacheFactory.newLRUCache(CACHED_CONTEXTS);

    public StrategyRunStore(@Named("stateDataSource") DataSource dataSource, EventOutbox outbox, ObjectMapper objectMapper) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.objectMapper = objectMapper;
    }

    /**
     * Stores a new run with all of its stages waiting, and its start event with it and in the outbox;
     * false when its cause already started one, of this strategy or, when {@code idempotencyKey}, of any.
     */
    public boolean createRun(RunRow run, List<String> stages, OutboundEvent startEvent, boolean idempotencyKey) {
        String variablesJson = json(run.variables());
        String startEventJson = json(startEvent.data());
        try {
            inTransaction("Could not store the run of " + run.strategy(), connection -> {
                try (PreparedStatement insertRun = connection.prepareStatement("INSERT INTO strategy_run "
                        + "(context_id, strategy, status, cause, variables, created_at, start_event) VALUES (?, ?, ?, ?, ?, ?, ?)");
                        PreparedStatement stage = connection.prepareStatement(
                                "INSERT INTO stage_run (context_id, stage, state) VALUES (?, ?, ?)")) {
                    bind(insertRun, run.contextId(), run.strategy(), RunStatus.IN_PROGRESS.value(), run.cause(), variablesJson,
                            time(run.createdAt()), startEventJson);
                    insertRun.executeUpdate();
                    for (String name : stages) {
                        bind(stage, run.contextId(), name, StageState.WAITING.value());
                        stage.addBatch();
                    }
                    stage.executeBatch();
                }
                if (idempotencyKey) {
                    try (PreparedStatement key = connection.prepareStatement(
                            "INSERT INTO strategy_run_idempotency_key (cause, context_id) VALUES (?, ?)")) {
                        bind(key, run.cause(), run.contextId());
                        key.executeUpdate();
                    }
                }
                outbox.add(connection, List.of(startEvent), run.createdAt());
                return null;
            });
        } catch (IllegalStateException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
        contexts.put(run.contextId(), new RunContext(run.contextId(), run.strategy(), run.variables()));
        return true;
    }

    public Optional<RunRow> run(String contextId) {
        List<RunRow> runs = runs("SELECT * FROM strategy_run WHERE context_id = ?", contextId);
        return runs.stream().findFirst();
    }

    /**
     * The context of a run, read once: every event of a run needs it, and it never changes (a replica
     * that did not start the run reads it from the database the first time).
     */
    public Optional<RunContext> context(String contextId) {
        RunContext known = contexts.get(contextId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<RunContext> read = run(contextId).map(run -> new RunContext(run.contextId(), run.strategy(), run.variables()));
        read.ifPresent(context -> contexts.put(contextId, context));
        return read;
    }

    /**
     * The run an idempotency key's {@code cause} started: its first, which is the one the key's row names
     * (read by the cause, as the previous version, which wrote no key rows, also stored it).
     */
    public Optional<RunRow> runByIdempotencyKey(String cause) {
        return runs("SELECT * FROM strategy_run WHERE cause = ? ORDER BY created_at, context_id", cause).stream().findFirst();
    }

    /** Runs, newest first; {@code strategy} and {@code status} may be null (any). */
    public List<RunRow> runs(String strategy, String status, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM strategy_run WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (strategy != null) {
            sql.append(" AND strategy = ?");
            parameters.add(strategy);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            parameters.add(status);
        }
        sql.append(" ORDER BY created_at DESC, context_id OFFSET ? ROWS FETCH FIRST ? ROWS ONLY");
        parameters.add(offset);
        parameters.add(limit);
        return runs(sql.toString(), parameters.toArray());
    }

    public List<StageRow> stages(String contextId) {
        return stages("SELECT s.*, r.strategy FROM stage_run s JOIN strategy_run r ON r.context_id = s.context_id "
                + "WHERE s.context_id = ?", contextId);
    }

    public Optional<StageRow> stage(String contextId, String stage) {
        return stages("SELECT s.*, r.strategy FROM stage_run s JOIN strategy_run r ON r.context_id = s.context_id "
                + "WHERE s.context_id = ? AND s.stage = ?", contextId, stage).stream().findFirst();
    }

    /** Running stages whose lease ran out before {@code now}: their replica died mid-action. */
    public List<StageRow> stalledStages(Instant now, int limit) {
        return stages(STALLED_STAGES, StageState.RUNNING.value(), time(now), limit);
    }

    /**
     * Running stages waiting for something outside (a PipelineRun, an approval, a report), in key
     * order after {@code after} (from the start when null).
     */
    public List<StageRow> stagesWaitingOutside(StageKey after, int limit) {
        return after == null ? stages(STAGES_WAITING_OUTSIDE + PAGE_OF_STAGES, StageState.RUNNING.value(), limit)
                : stages(STAGES_WAITING_OUTSIDE + " AND (s.context_id, s.stage) > (?, ?)" + PAGE_OF_STAGES, StageState.RUNNING.value(),
                        after.contextId(), after.stage(), limit);
    }

    /**
     * Runs in progress since before {@code before} none of whose stages has started: their start event
     * never reached the strategies (a crash right after the run was stored).
     */
    public List<UnstartedRun> unstartedRuns(Instant before, int limit) {
        List<UnstartedRun> runs = new ArrayList<>();
        query("SELECT r.context_id, r.strategy, r.start_event FROM strategy_run r WHERE r.status = ? AND r.created_at < ? "
                + "AND NOT EXISTS (SELECT 1 FROM stage_run s WHERE s.context_id = r.context_id AND s.state <> ?) "
                + "ORDER BY r.created_at FETCH FIRST ? ROWS ONLY",
                rows -> runs.add(new UnstartedRun(rows.getString(1), rows.getString(2),
                        rows.getString(3) == null ? null : strings(rows.getString(3)))),
                RunStatus.IN_PROGRESS.value(), time(before), StageState.WAITING.value(), limit);
        return runs;
    }

    /**
     * Forgets the AND-joins of runs finished before {@code before} none of whose stages still runs or
     * finished since: stages that saw some of their triggers and never will the rest. A stage still
     * running in a finished run (SVT, after FVT failed) may yet bring a join's missing trigger. Returns
     * how many.
     */
    public int purgeJoins(Instant before) {
        // the join's key is "<context id>/<stage>": each join finds its run, and the run its stages, by primary key
        return update("DELETE FROM stage_trigger_join WHERE EXISTS (SELECT 1 FROM strategy_run r WHERE r.context_id = "
                + "SUBSTRING(stage_trigger_join.id FROM 1 FOR POSITION('/' IN stage_trigger_join.id) - 1) "
                + "AND r.status <> ? AND r.finished_at < ? AND NOT EXISTS (SELECT 1 FROM stage_run s "
                + "WHERE s.context_id = r.context_id AND (s.state = ? OR s.finished_at >= ?)))",
                RunStatus.IN_PROGRESS.value(), time(before), StageState.RUNNING.value(), time(before));
    }

    /** Finished stages whose events did not reach the strategies, finished before {@code before}. */
    public List<StageRow> unemitted(Instant before, int limit) {
        return stages(UNEMITTED_STAGES, StageState.SUCCESS.value(), StageState.FAILED.value(), time(before), limit);
    }

    public List<SeenRow> seen(String contextId) {
        List<SeenRow> seen = new ArrayList<>();
        query("SELECT stage, trigger_index, event_id, seen_at FROM stage_trigger_seen WHERE context_id = ?",
                rows -> seen.add(new SeenRow(rows.getString(1), rows.getInt(2), rows.getString(3), instant(rows, 4))), contextId);
        return seen;
    }

    /** Records a trigger of a stage as seen; false when it had been seen before (a duplicate). */
    public boolean recordSeen(String contextId, String stage, int index, String eventId, Instant now) {
        try {
            return update("INSERT INTO stage_trigger_seen (context_id, stage, trigger_index, event_id, seen_at) VALUES (?, ?, ?, ?, ?)",
                    contextId, stage, index, eventId, time(now)) == 1;
        } catch (IllegalStateException e) {
            if (Transactions.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Starts those of {@code stages} (each with a single trigger) that are waiting, and records for each
     * the trigger {@code eventId} brought, in one transaction: the stages started. A stage that is not
     * waiting (a duplicate trigger, or another replica got there first) is left as it is.
     */
    public List<String> startTriggered(String contextId, List<String> stages, String eventId, Instant now, Instant leaseUntil) {
        if (stages.isEmpty()) {
            return List.of();
        }
        return inTransaction("Could not start the stages " + stages + " of run " + contextId, connection -> {
            try (PreparedStatement start = connection.prepareStatement(START_STAGE);
                    PreparedStatement seen = connection.prepareStatement("INSERT INTO stage_trigger_seen "
                            + "(context_id, stage, trigger_index, event_id, seen_at) VALUES (?, ?, 0, ?, ?)")) {
                List<String> started = new ArrayList<>();
                for (String stage : stages) {
                    bind(start, StageState.RUNNING.value(), time(now), time(leaseUntil), contextId, stage, StageState.WAITING.value());
                    if (start.executeUpdate() == 1) {
                        // Only the transaction that moved the stage out of waiting gets here, so the row is new.
                        bind(seen, contextId, stage, eventId, time(now));
                        seen.executeUpdate();
                        started.add(stage);
                    }
                }
                return started;
            }
        });
    }

    /** Moves a waiting stage to running; false when it is not waiting (it started already). */
    public boolean start(String contextId, String stage, Instant now, Instant leaseUntil) {
        return update(START_STAGE, StageState.RUNNING.value(), time(now), time(leaseUntil), contextId, stage, StageState.WAITING.value()) == 1;
    }

    /** The running stage's action has started and now waits for something outside: no lease runs out. */
    public void awaitOutside(String contextId, String stage) {
        update(AWAIT_OUTSIDE, contextId, stage, StageState.RUNNING.value());
    }

    /**
     * Gives a running stage a new lease in place of {@code expired}, the one it holds: a worker's own
     * before a retry or a late claim, or one that ran out, which takes the stage over. False when the
     * stage holds another lease (another replica took it) or no longer runs.
     */
    public boolean renewLease(String contextId, String stage, Instant expired, Instant leaseUntil) {
        return update(RENEW_LEASE, time(leaseUntil), contextId, stage, StageState.RUNNING.value(), time(expired)) == 1;
    }

    /** Marks the stages as having emitted their events, in one transaction. */
    public void markEmitted(List<StageKey> stages) {
        inTransaction("Could not mark " + stages.size() + " stages as emitted", connection -> {
            try (PreparedStatement mark = connection.prepareStatement("UPDATE stage_run SET emitted = TRUE WHERE context_id = ? AND stage = ?")) {
                for (StageKey stage : stages) {
                    bind(mark, stage.contextId(), stage.stage());
                    mark.addBatch();
                }
                return mark.executeBatch();
            }
        });
    }

    /**
     * Finishes a running stage and updates its run's status, in one transaction under the run's row
     * lock (so that two stages finishing at once see each other), and puts the events it emits in the
     * outbox. Empty when the stage was not running: it had finished already.
     *
     * @param runStatus the run's status given its strategy and every stage's state
     */
    public Optional<RunAfterStage> finish(StageOutcome outcome, List<OutboundEvent> emitted, Instant now,
            BiFunction<String, Map<String, StageState>, RunStatus> runStatus) {
        return inTransaction("Could not finish stage " + outcome.stage() + " of run " + outcome.contextId(), connection -> {
            Optional<RunAfterStage> finished = finish(connection, outcome, now, runStatus);
            if (finished.isPresent()) {
                outbox.add(connection, emitted, now);
            }
            return finished;
        });
    }

    private Optional<RunAfterStage> finish(Connection connection, StageOutcome outcome, Instant now,
            BiFunction<String, Map<String, StageState>, RunStatus> runStatus) throws SQLException {
        String strategy;
        RunStatus before;
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT strategy, status FROM strategy_run WHERE context_id = ? FOR UPDATE")) {
            lock.setString(1, outcome.contextId());
            try (ResultSet rows = lock.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                strategy = rows.getString(1);
                before = RunStatus.of(rows.getString(2));
            }
        }
        try (PreparedStatement finish = connection.prepareStatement(FINISH_STAGE)) {
            finish.setString(1, outcome.state().value());
            finish.setString(2, outcome.status());
            finish.setString(3, ColumnText.fit(outcome.detail(), MAX_DETAIL_LENGTH));
            finish.setObject(4, time(now));
            finish.setString(5, outcome.contextId());
            finish.setString(6, outcome.stage());
            finish.setString(7, StageState.RUNNING.value());
            if (finish.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        Map<String, StageState> states = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT stage, state FROM stage_run WHERE context_id = ?")) {
            select.setString(1, outcome.contextId());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    states.put(rows.getString(1), StageState.of(rows.getString(2)));
                }
            }
        }
        RunStatus after = before == RunStatus.IN_PROGRESS ? runStatus.apply(strategy, states) : before;
        if (after != before) {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE strategy_run SET status = ?, finished_at = ? WHERE context_id = ?")) {
                update.setString(1, after.value());
                update.setObject(2, time(now));
                update.setString(3, outcome.contextId());
                update.executeUpdate();
            }
        }
        return Optional.of(new RunAfterStage(strategy, before, after));
    }

    @FunctionalInterface
    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    private <T> T inTransaction(String failure, Transactions.Work<T> work) {
        return Transactions.inTransaction(dataSource, failure, work);
    }

    private List<RunRow> runs(String sql, Object... parameters) {
        List<RunRow> runs = new ArrayList<>();
        query(sql, rows -> runs.add(new RunRow(rows.getString("context_id"), rows.getString("strategy"),
                RunStatus.of(rows.getString("status")), rows.getString("cause"), strings(rows.getString("variables")),
                instant(rows, "created_at"), instant(rows, "finished_at"))), parameters);
        return runs;
    }

    private List<StageRow> stages(String sql, Object... parameters) {
        List<StageRow> stages = new ArrayList<>();
        query(sql, rows -> stages.add(new StageRow(rows.getString("context_id"), rows.getString("strategy"), rows.getString("stage"),
                StageState.of(rows.getString("state")), instant(rows, "started_at"), instant(rows, "finished_at"),
                rows.getString("outcome"), rows.getString("detail"), instant(rows, "lease_until"))), parameters);
        return stages;
    }

    private void query(String sql, RowReader reader, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, parameters);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    reader.read(rows);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read strategy runs", e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement update = connection.prepareStatement(sql)) {
            bind(update, parameters);
            return update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not update strategy runs: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int index = 0; index < parameters.length; index++) {
            statement.setObject(index + 1, parameters[index]);
        }
    }

    /** How many characters {@code values} take as the JSON the database keeps of them. */
    public int jsonLength(Map<String, String> values) {
        return json(values).length();
    }

    /** Run variables or event attributes as the JSON object the database keeps. */
    private String json(Object values) {
        try {
            return objectMapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unwritable run variables or event attributes", e);
        }
    }

    private Map<String, String> strings(String json) {
        try {
            return objectMapper.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable run variables or event attributes", e);
        }
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
