package dev.escalationeda.strategy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.escalationeda.events.EventTypes;
import dev.escalationeda.events.OutboundEvent;
import dev.escalationeda.request.RequestRejectedException;
import dev.escalationeda.strategy.definition.ActionKind;
import dev.escalationeda.strategy.definition.StageDefinition;
import dev.escalationeda.strategy.definition.StrategyDefinition;
import dev.escalationeda.strategy.definition.StrategyTrigger;
import dev.escalationeda.strategy.definition.Templates;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

/**
 * Runs strategies: starts a run for each strategy trigger an event matches, brings the triggers of
 * each stage together (a stage with several goes through the AND-join Aggregator), starts a stage
 * once, finishes it once and computes the events it emits. State is in {@link StrategyRunStore};
 * the routes in {@code routes/strategies.camel.yaml} move the messages.
 */
@ApplicationScoped
@Named("strategyEngine")
public class StrategyEngine {

    /**
     * How long after a run finished its stages may still be triggered (compensation stages start in a
     * failed run) or reported on: a late event comes within minutes.
     */
    private static final Duration LATE_EVENT_WINDOW = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(StrategyEngine.class);
    private static final String STAGE_ATTRIBUTE = "stage";
    private static final String STATUS_ATTRIBUTE = "status";
    private static final String EVENT_PREFIX = "event.";

    private final StrategyCatalog catalog;
    private final StrategyRunStore store;
    private final StrategyConfig config;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Work handed out less than this ago is still the worker's own (see {@link #claim}). */
    private final Duration halfLease;
    /** The last stage waiting outside that the previous check read; null to start from the first. */
    private final AtomicReference<StrategyRunStore.StageKey> waitingOutsideChecked = new AtomicReference<>();

    public StrategyEngine(StrategyCatalog catalog, StrategyRunStore store, StrategyConfig config, MeterRegistry meters, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.config = config;
        this.meters = meters;
        this.clock = clock;
        this.halfLease = config.lease().dividedBy(2);
    }

    /**
     * Everything one event does: runs it starts, triggers it brings, external stages it reports on.
     * An event from outside a run starts runs; one from outside naming a run only reports on its
     * {@code external} stages.
     */
    public EventOutcome accept(StrategyEvent event) {
        meters.counter("eda.strategy.events", "kind", event.contextId() == null ? "external" : "run").increment();
        List<String> started = new ArrayList<>();
        List<OutboundEvent> emitted = new ArrayList<>();
        List<StageTrigger> joins = new ArrayList<>();
        List<StageWork> fired = new ArrayList<>();
        List<StageOutcome> completions = new ArrayList<>();
        if (event.contextId() == null) {
            // every run the event starts is checked before the first is stored: a refused event starts none
            List<StrategyRunStore.RunRow> runs = new ArrayList<>();
            List<OutboundEvent> startEvents = new ArrayList<>();
            for (StrategyTrigger trigger : catalog.triggers()) {
                if (trigger.accepts(event.attributes())) {
                    StrategyDefinition definition = catalog.definition(trigger.strategy()).orElseThrow();
                    Map<String, String> variables = bind(definition, trigger, event.attributes());
                    checkVariables(definition, "the variables the event binds for strategy " + definition.name(), variables);
                    StrategyRunStore.RunRow run = new StrategyRunStore.RunRow(UUID.randomUUID().toString(), definition.name(),
                            RunStatus.IN_PROGRESS, event.identity(), variables, clock.instant(), null);
                    runs.add(run);
                    startEvents.add(startEvent(run.contextId(), definition, trigger.emit()));
                }
            }
            for (int index = 0; index < runs.size(); index++) {
                if (startRun(runs.get(index), startEvents.get(index), false)) {
                    started.add(runs.get(index).contextId());
                    emitted.add(startEvents.get(index));
                }
            }
            return new EventOutcome(started, emitted, joins, fired, completions);
        }
        Optional<StrategyRunStore.RunContext> run = store.context(event.contextId());
        Optional<StrategyDefinition> definition = run.flatMap(found -> catalog.definition(found.strategy()));
        if (definition.isEmpty()) {
            LOG.debugf("Event %s names run %s, which this service does not know", event.identity(), event.contextId());
            return new EventOutcome(started, emitted, joins, fired, completions);
        }
        reportedOutcome(definition.get(), event).ifPresent(completions::add);
        if (!event.emittedByRun()) {
            // A stage's triggers are met by its run's own events only, which reach the strategies here
            // directly: an event from outside that reads like one (a copy coming back from the broker, or
            // a forged approval) must not start a stage.
            return new EventOutcome(started, emitted, joins, fired, completions);
        }
        List<String> triggered = new ArrayList<>();
        for (StageDefinition stage : definition.get().stages()) {
            for (int index = 0; index < stage.triggers().size(); index++) {
                if (stage.triggers().get(index).matches(event.attributes())) {
                    if (stage.triggers().size() == 1) {
                        triggered.add(stage.name());
                    } else if (isNews(event, stage, index)) {
                        joins.add(new StageTrigger(event.contextId(), definition.get().name(), stage.name(), index));
                    }
                }
            }
        }
        Instant now = clock.instant();
        Instant lease = leaseFrom(now);
        for (String stage : store.startTriggered(event.contextId(), triggered, event.identity(), now, lease)) {
            work(run.get(), stage, lease).ifPresent(fired::add);
        }
        return new EventOutcome(started, emitted, joins, fired, completions);
    }

    /**
     * A trigger goes on when it is seen for the first time, or again while its stage still waits: a
     * redelivery after a crash between recording it and handing it to the join must not be lost.
     */
    private boolean isNews(StrategyEvent event, StageDefinition stage, int index) {
        if (store.recordSeen(event.contextId(), stage.name(), index, event.identity(), clock.instant())) {
            return true;
        }
        return isWaiting(event.contextId(), stage.name());
    }

    private boolean isWaiting(String contextId, String stage) {
        return store.stage(contextId, stage).map(row -> row.state() == StageState.WAITING).orElse(false);
    }

    /**
     * An {@code external} stage's report: attributes {@code stage} (its name) and {@code status}. A
     * report from outside on a stage that has not started is refused, before the event does anything
     * else: kept, it would finish a stage whose triggers have not all arrived. 409 while the stage may
     * still start (compensation stages start in a failed run), which Knative's delivery (and any
     * sender that follows its contract) retries; 410 once its run has been finished for longer than
     * late events take. A status other than Success or Failed is refused with 400: it says nothing
     * the stage could end with. The run's own events (handed over in the service, not an outside
     * copy) are not refused: an emission must not fail over them.
     */
    private Optional<StageOutcome> reportedOutcome(StrategyDefinition definition, StrategyEvent event) {
        String stageName = event.attributes().get(STAGE_ATTRIBUTE);
        String status = event.attributes().get(STATUS_ATTRIBUTE);
        if (stageName == null || status == null
                || definition.stage(stageName).filter(stage -> stage.action().kind() == ActionKind.EXTERNAL).isEmpty()) {
            return Optional.empty();
        }
        boolean succeeded = StageOutcome.SUCCESS.equalsIgnoreCase(status);
        if (!succeeded && !StageOutcome.FAILED.equalsIgnoreCase(status)) {
            if (event.emittedByRun()) {
                return Optional.empty();
            }
            throw new RequestRejectedException(400, Map.of(STATUS_ATTRIBUTE, "the report on stage " + stageName + " of run "
                    + event.contextId() + " has status '" + status + "': a stage ends as Success or Failed"));
        }
        if (isWaiting(event.contextId(), stageName)) {
            if (event.emittedByRun()) {
                return Optional.empty();
            }
            Optional<StrategyRunStore.RunRow> run = store.run(event.contextId());
            Instant finished = run.map(StrategyRunStore.RunRow::finishedAt).orElse(null);
            throw finished == null || finished.isAfter(clock.instant().minus(LATE_EVENT_WINDOW))
                    ? new RequestRejectedException(409, Map.of(STAGE_ATTRIBUTE,
                            "stage " + stageName + " of run " + event.contextId() + " has not started: report it again once it has"))
                    : new RequestRejectedException(410, Map.of(STAGE_ATTRIBUTE, "run " + event.contextId() + " finished ("
                            + run.get().status().value() + ") at " + finished + " and stage " + stageName + " never started"));
        }
        return Optional.of(succeeded
                ? StageOutcome.success(event.contextId(), stageName, "reported by " + event.identity())
                : StageOutcome.failed(event.contextId(), stageName, "reported " + status + " by " + event.identity()));
    }

    /**
     * Starts a run through the API, the variables given over the definition's defaults, with
     * {@code emit} as its first event (see {@link #startEvent}); empty when {@code cause} (from an
     * idempotency key, or null for none) has started a run already, of any strategy.
     *
     * @throws RequestRejectedException (400) when the variables or {@code emit} would not fit the database
     */
    public Optional<ManualStart> startManually(StrategyDefinition definition, Map<String, String> given, String cause,
            Map<String, String> emit) {
        Map<String, String> variables = new LinkedHashMap<>(definition.variables());
        variables.putAll(given);
        checkVariables(definition, "the variables", variables);
        checkStorable("emit", "the start event's attributes", emit);
        StrategyRunStore.RunRow run = new StrategyRunStore.RunRow(UUID.randomUUID().toString(), definition.name(), RunStatus.IN_PROGRESS,
                cause, variables, clock.instant(), null);
        OutboundEvent startEvent = startEvent(run.contextId(), definition, emit);
        return startRun(run, startEvent, cause != null) ? Optional.of(new ManualStart(run, startEvent)) : Optional.empty();
    }

    /** A run started through the API, and its first event. */
    public record ManualStart(StrategyRunStore.RunRow run, OutboundEvent startEvent) {
    }

    private boolean startRun(StrategyRunStore.RunRow run, OutboundEvent startEvent, boolean idempotencyKey) {
        StrategyDefinition definition = catalog.definition(run.strategy()).orElseThrow();
        boolean created = store.createRun(run, definition.stages().stream().map(StageDefinition::name).toList(), startEvent, idempotencyKey);
        if (created) {
            meters.counter("eda.strategy.runs", "strategy", run.strategy(), "status", RunStatus.IN_PROGRESS.value()).increment();
        }
        return created;
    }

    /**
     * A 400 naming {@code variables} when a run's variables, or an event its stages will emit with
     * them, would not fit the database: refused before anything is stored, not a stage that can
     * never finish.
     */
    private void checkVariables(StrategyDefinition definition, String what, Map<String, String> variables) {
        checkStorable("variables", what, variables);
        for (StageDefinition stage : definition.stages()) {
            for (Map<String, String> emit : stage.emits()) {
                // $stage_status stands for the longest outcome
                checkStorable("variables", "with " + what + ", an event stage " + stage.name() + " emits would",
                        Templates.renderEvent(emit, Templates.STAGE_STATUS, variables::get));
            }
        }
    }

    /** A 400 naming {@code field} when {@code values} would not fit the database, before anything is stored. */
    private void checkStorable(String field, String what, Map<String, String> values) {
        int length = store.jsonLength(values);
        if (length > StrategyRunStore.MAX_JSON_LENGTH) {
            throw new RequestRejectedException(400, Map.of(field, what + " take " + length + " characters as JSON, at most "
                    + StrategyRunStore.MAX_JSON_LENGTH));
        }
    }

    private static Map<String, String> bind(StrategyDefinition definition, StrategyTrigger trigger, Map<String, String> event) {
        Map<String, String> variables = new LinkedHashMap<>(definition.variables());
        Map<String, String> defaults = definition.variables();
        trigger.variables().forEach((name, template) -> variables.put(name, Templates.render(template,
                reference -> reference.startsWith(EVENT_PREFIX) ? event.get(reference.substring(EVENT_PREFIX.length())) : defaults.get(reference))));
        return variables;
    }

    /** A run's first event: {@code emit}, or when that is empty the first stage's trigger. */
    private static OutboundEvent startEvent(String contextId, StrategyDefinition definition, Map<String, String> emit) {
        Map<String, String> attributes = emit.isEmpty()
                ? definition.stage(definition.firstStage()).orElseThrow().triggers().get(0).attributes()
                : emit;
        return event(startEventId(contextId), definition.name(), null, contextId, attributes);
    }

    private static String startEventId(String contextId) {
        return contextId + ".start";
    }

    /** Starts a stage whose triggers have all arrived, once: empty when it had started already. */
    private Optional<StageWork> fire(StrategyRunStore.RunContext run, String stage) {
        Instant now = clock.instant();
        Instant lease = leaseFrom(now);
        if (!store.start(run.contextId(), stage, now, lease)) {
            return Optional.empty();
        }
        return work(run, stage, lease);
    }

    /** For the Aggregator's output: the stage to run, or null when it had started already. */
    public StageWork fireJoined(String contextId, String stage) {
        return store.context(contextId).flatMap(run -> fire(run, stage)).orElse(null);
    }

    private Optional<StageWork> work(StrategyRunStore.RunContext run, String stage, Instant lease) {
        return catalog.definition(run.strategy()).flatMap(definition -> definition.stage(stage))
                .map(found -> new StageWork(run.contextId(), run.strategy(), stage, found.action(), run.variables(), lease));
    }

    private Optional<StageWork> work(String contextId, String stage, Instant lease) {
        return store.context(contextId).flatMap(run -> work(run, stage, lease));
    }

    /**
     * A worker's claim on queued work: the work as claimed, or null when it is stale. Work handed out
     * less than half a lease ago is the worker's: only a lease that has run out is taken over. Work
     * that waited longer is claimed in the database: the stage still holds the lease the work was
     * handed out with, and now holds a new one, counted from now. Stale work's lease ran out while it
     * waited in the queue and the recovery handed the stage out again (or the stage finished).
     */
    public StageWork claim(StageWork work) {
        if (work.lease() == null) {
            return null;
        }
        if (clock.instant().isBefore(work.lease().minus(halfLease))) {
            return work;
        }
        StageWork claimed = renewed(work);
        if (claimed == null) {
            LOG.debugf("Stage %s of run %s is no longer this work's: not carried out", work.stage(), work.contextId());
        }
        return claimed;
    }

    /**
     * Before the action is tried again: a new lease, counted from now, so that an action retried for
     * longer than its lease (a cluster API or SMTP server failing for minutes) is not taken for dead
     * and started a second time beside itself. The work as it holds the stage now; null when the
     * stage is no longer this work's (taken over, or finished), and the action must not run again.
     */
    public StageWork renewLease(StageWork work) {
        StageWork renewed = renewed(work);
        if (renewed == null) {
            LOG.warnf("Stage %s of run %s is no longer this work's: its action is not tried again", work.stage(), work.contextId());
        }
        return renewed;
    }

    /** The work with a lease from now, when the stage still holds the work's lease; null otherwise. */
    private StageWork renewed(StageWork work) {
        Instant lease = leaseFrom(clock.instant());
        return store.renewLease(work.contextId(), work.stage(), work.lease(), lease) ? work.withLease(lease) : null;
    }

    /** A lease from {@code now}, to the database's precision (microseconds), for it to be compared as written. */
    private Instant leaseFrom(Instant now) {
        return now.plus(config.lease()).truncatedTo(ChronoUnit.MICROS);
    }

    /** The stage's action has started something outside that will report back: no lease runs out. */
    public void awaitOutside(StageWork work) {
        store.awaitOutside(work.contextId(), work.stage());
    }

    /** An {@code event} action has nothing to run: the stage succeeds at once, and finishing it emits its events. */
    public StageOutcome eventAction(StageWork work) {
        return StageOutcome.success(work.contextId(), work.stage(), "events emitted");
    }

    /** An {@code http} action answered 2xx (any other answer fails the call, see the stage-actions route configuration). */
    public StageOutcome httpSucceeded(StageWork work, int status) {
        return StageOutcome.success(work.contextId(), work.stage(), "HTTP " + status);
    }

    public StageOutcome actionFailed(StageWork work, String reason) {
        return StageOutcome.failed(work.contextId(), work.stage(), reason);
    }

    /**
     * Finishes a running stage, once: its outcome, the run's status and the events it emits (in the
     * outbox) in one transaction; the events then go on to this service's strategies. Null when the
     * stage was not running (it had finished already).
     */
    public FinishedStage finish(StageOutcome outcome) {
        StrategyRunStore.RunContext context = store.context(outcome.contextId()).orElse(null);
        if (context == null) {
            return null;
        }
        List<OutboundEvent> events = emissions(context.strategy(), outcome, context.variables());
        Optional<StrategyRunStore.RunAfterStage> run = store.finish(outcome, events, clock.instant(),
                (strategy, states) -> runStatus(strategy, context.variables(), outcome, states));
        if (run.isEmpty()) {
            return null;
        }
        StrategyRunStore.RunAfterStage after = run.get();
        meters.counter("eda.strategy.stages", "strategy", after.strategy(), "outcome", outcome.status()).increment();
        if (after.after() != after.before()) {
            meters.counter("eda.strategy.runs", "strategy", after.strategy(), "status", after.after().value()).increment();
        }
        return new FinishedStage(outcome.contextId(), outcome.stage(), events);
    }

    private RunStatus runStatus(String strategy, Map<String, String> variables, StageOutcome outcome, Map<String, StageState> states) {
        if (outcome.state() == StageState.FAILED) {
            return RunStatus.FAILED;
        }
        Set<String> path = catalog.successPath(strategy, variables);
        return path.stream().allMatch(stage -> states.get(stage) == StageState.SUCCESS) ? RunStatus.SUCCESS : RunStatus.IN_PROGRESS;
    }

    private List<OutboundEvent> emissions(String strategy, StageOutcome outcome, Map<String, String> variables) {
        StageDefinition stage = catalog.definition(strategy).flatMap(definition -> definition.stage(outcome.stage())).orElseThrow();
        List<OutboundEvent> events = new ArrayList<>();
        for (int index = 0; index < stage.emits().size(); index++) {
            Map<String, String> attributes = Templates.renderEvent(stage.emits().get(index), outcome.status(), variables::get);
            events.add(event(outcome.contextId() + "." + outcome.stage() + "." + index, strategy, outcome.stage(), outcome.contextId(),
                    attributes));
        }
        return events;
    }

    /** An event of a run; {@code stage} (the subject) is the stage that emitted it, null for the start event. */
    private static OutboundEvent event(String id, String strategy, String stage, String contextId, Map<String, String> attributes) {
        return new OutboundEvent(id, EventTypes.STRATEGY_EVENT, EventTypes.STRATEGY_SOURCE_PREFIX + strategy, stage,
                Map.of(StrategyEventReader.CONTEXT_ID, contextId), Map.copyOf(attributes));
    }

    /** An emitted event as the strategies of this service receive it. */
    public StrategyEvent received(OutboundEvent event) {
        // The data of a strategy event is the attribute map this engine built (see event(...)).
        Map<String, String> attributes = new LinkedHashMap<>();
        ((Map<?, ?>) event.data()).forEach((name, value) -> attributes.put((String) name, (String) value));
        return new StrategyEvent(event.id(), event.source(), event.type(), event.extensions().get(StrategyEventReader.CONTEXT_ID),
                attributes, true);
    }

    /** Marks stages whose events have reached the strategies of this service. */
    public void emitted(List<FinishedStage> stages) {
        store.markEmitted(stages.stream().map(stage -> new StrategyRunStore.StageKey(stage.contextId(), stage.stage())).toList());
    }

    /** Running stages whose lease ran out: their replica died mid-action, so they start again here. */
    public List<StageWork> stalled() {
        Instant now = clock.instant();
        List<StageWork> stalled = new ArrayList<>();
        for (StrategyRunStore.StageRow row : store.stalledStages(now, config.sweepBatch())) {
            Instant lease = leaseFrom(now);
            if (store.renewLease(row.contextId(), row.stage(), row.leaseUntil(), lease)) {
                LOG.infof("Stage %s of run %s is started again: its action did not start in time", row.stage(), row.contextId());
                work(row.contextId(), row.stage(), lease).ifPresent(stalled::add);
            }
        }
        return stalled;
    }

    /**
     * The start events of runs that lost theirs (none of their stages started within the lease), to be
     * handed to the strategies again: they trigger every stage they would have, AND-joins included,
     * and the stages that had seen them ignore the copy. A run stored without its start event gets
     * its first stage's trigger, which is the start event unless the run was given another.
     */
    public List<OutboundEvent> unstarted() {
        List<OutboundEvent> startEvents = new ArrayList<>();
        for (StrategyRunStore.UnstartedRun run : store.unstartedRuns(clock.instant().minus(config.lease()), config.sweepBatch())) {
            catalog.definition(run.strategy()).ifPresent(definition -> {
                LOG.infof("The start event of run %s did not reach its stages: handed to them again", run.contextId());
                startEvents.add(startEvent(run.contextId(), definition, run.startEvent() == null ? Map.of() : run.startEvent()));
            });
        }
        return startEvents;
    }

    /**
     * Running stages waiting for a PipelineRun: the next page of the stages waiting outside, so that
     * every PipelineRun is checked in turn however many approvals and reports wait beside them.
     */
    public List<StageWork> runningPipelines() {
        List<StrategyRunStore.StageRow> page = store.stagesWaitingOutside(waitingOutsideChecked.get(), config.sweepBatch());
        waitingOutsideChecked.set(page.size() < config.sweepBatch() ? null : page.get(page.size() - 1).key());
        List<StageWork> running = new ArrayList<>();
        for (StrategyRunStore.StageRow row : page) {
            work(row.contextId(), row.stage(), null).filter(work -> work.kind() == ActionKind.TEKTON).ifPresent(running::add);
        }
        return running;
    }

    /**
     * Forgets the joins of runs finished an hour ago or more none of whose stages still runs or ended
     * within the hour (a late trigger comes within minutes): a stage whose triggers will never all
     * arrive (FVT failed, SVT succeeded) keeps the ones it saw in the repository otherwise.
     */
    public int purgeJoins() {
        return store.purgeJoins(clock.instant().minus(LATE_EVENT_WINDOW));
    }

    /** Finished stages whose events were lost in a crash before they reached the strategies. */
    public List<FinishedStage> unemitted() {
        List<FinishedStage> finished = new ArrayList<>();
        for (StrategyRunStore.StageRow row : store.unemitted(clock.instant().minus(config.lease()), config.sweepBatch())) {
            if (catalog.definition(row.strategy()).flatMap(definition -> definition.stage(row.stage())).isEmpty()) {
                // its strategy changed since: what the stage emits cannot be worked out, and it must not hold back the others
                LOG.warnf("Stage %s of run %s (strategy %s) is no longer defined: its events are not emitted", row.stage(),
                        row.contextId(), row.strategy());
                store.markEmitted(List.of(row.key()));
                continue;
            }
            Map<String, String> variables = store.context(row.contextId()).orElseThrow().variables();
            finished.add(new FinishedStage(row.contextId(), row.stage(),
                    emissions(row.strategy(), new StageOutcome(row.contextId(), row.stage(), row.outcome(), row.detail()), variables)));
        }
        return finished;
    }
}
