package dev.escalationeda.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escalationeda.request.IdempotencyKey;
import dev.escalationeda.request.JsonBodyReader;
import dev.escalationeda.request.QueryNumbers;
import dev.escalationeda.request.RequestRejectedException;
import dev.escalationeda.strategy.definition.StageDefinition;
import dev.escalationeda.strategy.definition.StrategyDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Header;

/** The strategy runs API: runs and their stages as JSON, and runs started by hand. */
@ApplicationScoped
@Named("strategyRuns")
public class StrategyRuns {

    private static final int MAX_PAGE_SIZE = 200;
    /**
     * The cause of a run started through the API with an idempotency key. An event's cause is
     * "<source> <id>", and a source, a URI reference, cannot hold '<': no event can take a key's place.
     */
    private static final String API_CAUSE = "<api> ";

    private final StrategyRunStore store;
    private final StrategyCatalog catalog;
    private final StrategyEngine engine;
    private final JsonBodyReader<StrategyRunInput> inputReader;

    public StrategyRuns(StrategyRunStore store, StrategyCatalog catalog, StrategyEngine engine, ObjectMapper objectMapper) {
        this.store = store;
        this.catalog = catalog;
        this.engine = engine;
        this.inputReader = new JsonBodyReader<>(objectMapper.readerFor(StrategyRunInput.class)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES), "run");
    }

    public StrategyRunView get(@Header("contextId") String contextId) {
        return store.run(contextId).map(this::view)
                .orElseThrow(() -> new RequestRejectedException(404, Map.of("contextId", "no strategy run " + contextId)));
    }

    public List<StrategyRunView> list(@Header("strategy") String strategy, @Header("status") String status, @Header("page") String page,
            @Header("size") String size) {
        if (status != null) {
            try {
                RunStatus.of(status);
            } catch (IllegalArgumentException e) {
                throw new RequestRejectedException(400, Map.of("status", "must be in-progress, success or failed"));
            }
        }
        int pageNumber = QueryNumbers.parse("page", page, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
        int pageSize = QueryNumbers.parse("size", size, 50, 1, MAX_PAGE_SIZE);
        return store.runs(strategy, status, pageNumber * pageSize, pageSize).stream().map(this::view).toList();
    }

    /**
     * Starts a run from the request body. With an {@code Idempotency-Key}, the first request with the key starts the run and
     * every later one naming the same strategy answers with that run (and no start event); 422 for a key used for a run of
     * another strategy.
     */
    public StartedRun start(byte[] body, String idempotencyKey) {
        StrategyRunInput input = inputReader.read(body);
        IdempotencyKey.check(idempotencyKey);
        Map<String, String> errors = new LinkedHashMap<>();
        String cause = idempotencyKey == null ? null : API_CAUSE + idempotencyKey;
        Optional<StrategyRunStore.RunRow> earlier = cause == null ? Optional.empty() : store.runByIdempotencyKey(cause);
        if (earlier.isPresent()) {
            return repeated(earlier.get(), input);
        }
        Optional<StrategyDefinition> definition = input.strategy() == null ? Optional.empty() : catalog.definition(input.strategy());
        if (definition.isEmpty()) {
            errors.put("strategy", input.strategy() == null ? "is required" : "no strategy named " + input.strategy());
            throw new RequestRejectedException(400, errors);
        }
        StrategyDefinition strategy = definition.get();
        input.variables().keySet().stream().filter(name -> !strategy.variables().containsKey(name))
                .forEach(name -> errors.put("variables." + name, "is not a variable of strategy " + strategy.name()));
        strategy.variables().forEach((name, defaultValue) -> {
            if (defaultValue == null && input.variables().get(name) == null) {
                errors.put("variables." + name, "is required (it has no default)");
            }
        });
        StageDefinition first = strategy.stage(strategy.firstStage()).orElseThrow();
        if (!input.emit().isEmpty() && !first.triggers().get(0).matches(input.emit())) {
            errors.put("emit", "does not trigger the first stage " + first.name() + " (it waits for " + first.triggers().get(0).attributes() + ")");
        }
        if (!errors.isEmpty()) {
            throw new RequestRejectedException(400, errors);
        }
        Optional<StrategyEngine.ManualStart> started = engine.startManually(strategy, input.variables(), cause, input.emit());
        if (started.isEmpty()) {
            // the same key, a moment earlier
            return repeated(store.runByIdempotencyKey(cause).orElseThrow(), input);
        }
        StrategyRunStore.RunRow run = started.get().run();
        // A new run: every stage waits and no trigger has been seen, nothing to read back.
        List<StrategyRunStore.StageRow> stages = strategy.stages().stream().map(stage -> new StrategyRunStore.StageRow(run.contextId(),
                run.strategy(), stage.name(), StageState.WAITING, null, null, null, null, null)).toList();
        return new StartedRun(view(run, stages, List.of()), started.get().startEvent());
    }

    /** A call again with the key of {@code earlier}: the same run, or a key reused by mistake. */
    private StartedRun repeated(StrategyRunStore.RunRow earlier, StrategyRunInput input) {
        if (!earlier.strategy().equals(input.strategy())) {
            throw new RequestRejectedException(422, Map.of(IdempotencyKey.HEADER, "was used for run " + earlier.contextId()
                    + " of strategy " + earlier.strategy() + ": a new run needs a new key"));
        }
        return new StartedRun(view(earlier), null);
    }

    private StrategyRunView view(StrategyRunStore.RunRow run) {
        return view(run, store.stages(run.contextId()), store.seen(run.contextId()));
    }

    private StrategyRunView view(StrategyRunStore.RunRow run, List<StrategyRunStore.StageRow> stageRows, List<StrategyRunStore.SeenRow> seen) {
        StrategyDefinition definition = catalog.definition(run.strategy()).orElse(null);
        List<String> order = definition == null ? List.of() : definition.stages().stream().map(StageDefinition::name).toList();
        List<StrategyRunView.StageRunView> stages = stageRows.stream().sorted(Comparator.comparingInt(stage -> order.indexOf(stage.stage())))
                .map(stage -> {
            Optional<StageDefinition> stageDefinition = definition == null ? Optional.empty() : definition.stage(stage.stage());
            List<StrategyRunView.TriggerView> triggers = new ArrayList<>();
            stageDefinition.ifPresent(found -> {
                for (int index = 0; index < found.triggers().size(); index++) {
                    int triggerIndex = index;
                    Optional<StrategyRunStore.SeenRow> trigger = seen.stream()
                            .filter(row -> row.stage().equals(stage.stage()) && row.index() == triggerIndex).findFirst();
                    triggers.add(new StrategyRunView.TriggerView(found.triggers().get(index).attributes(),
                            trigger.map(StrategyRunStore.SeenRow::eventId).orElse(null), trigger.map(StrategyRunStore.SeenRow::seenAt).orElse(null)));
                }
            });
            return new StrategyRunView.StageRunView(stage.stage(), stageDefinition.map(found -> found.action().kind().yamlName()).orElse(null),
                    stage.state().value(), triggers, stage.startedAt(), stage.finishedAt(), stage.outcome(), stage.detail());
        }).toList();
        return new StrategyRunView(run.contextId(), run.strategy(), run.status().value(), run.variables(), run.cause(), run.createdAt(),
                run.finishedAt(), stages);
    }
}
