package dev.escalationeda.strategy;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * The AND-join of a stage's triggers, for the Aggregator: the message body is the set of trigger
 * indexes seen so far for one stage of one run ("0,1"); a trigger seen twice counts once, and the
 * join is complete when every trigger of the stage is in the set.
 */
@ApplicationScoped
@Named("stageTriggerJoin")
public class StageTriggerJoin implements AggregationStrategy {

    public static final String CONTEXT_ID = "strategyContextId";
    public static final String STRATEGY = "strategyName";
    public static final String STAGE = "strategyStage";

    private final StrategyCatalog catalog;

    public StageTriggerJoin(StrategyCatalog catalog) {
        this.catalog = catalog;
    }

    /** The message the Aggregator receives for one trigger: headers name the stage, the body is the index. */
    public static void toMessage(Exchange exchange) {
        StageTrigger trigger = exchange.getMessage().getBody(StageTrigger.class);
        exchange.getMessage().setHeader(CONTEXT_ID, trigger.contextId());
        exchange.getMessage().setHeader(STRATEGY, trigger.strategy());
        exchange.getMessage().setHeader(STAGE, trigger.stage());
        exchange.getMessage().setHeader("joinKey", trigger.joinKey());
        exchange.getMessage().setBody(String.valueOf(trigger.index()));
    }

    @Override
    public Exchange aggregate(Exchange oldExchange, Exchange newExchange) {
        if (oldExchange == null) {
            return newExchange;
        }
        Set<Integer> seen = indexes(oldExchange);
        seen.addAll(indexes(newExchange));
        oldExchange.getMessage().setBody(seen.stream().map(String::valueOf).collect(Collectors.joining(",")));
        return oldExchange;
    }

    public boolean complete(Exchange exchange) {
        String strategy = exchange.getMessage().getHeader(STRATEGY, String.class);
        String stage = exchange.getMessage().getHeader(STAGE, String.class);
        int needed = catalog.definition(strategy).flatMap(definition -> definition.stage(stage))
                .map(found -> found.triggers().size()).orElse(0);
        return indexes(exchange).size() >= needed;
    }

    private static Set<Integer> indexes(Exchange exchange) {
        return Arrays.stream(exchange.getMessage().getBody(String.class).split(",")).map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
