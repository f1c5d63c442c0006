package dev.escalationeda.strategy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Renews the lease of the stage whose action is about to be tried again (the {@code onRedelivery}
 * processor of the stage actions' retries), and stops the retries when the stage is no longer the
 * work's. The exchange variable {@code work} holds the stage's {@link StageWork}, absent when the
 * failure came before the work was claimed.
 */
@ApplicationScoped
@Named("stageLeaseRenewal")
public class StageLeaseRenewal implements Processor {

    static final String WORK_VARIABLE = "work";

    private final StrategyEngine engine;

    public StageLeaseRenewal(StrategyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void process(Exchange exchange) {
        StageWork work = exchange.getVariable(WORK_VARIABLE, StageWork.class);
        if (work == null) {
            return;
        }
        StageWork renewed = engine.renewLease(work);
        if (renewed == null) {
            // Camel's redelivery checks this right after its onRedelivery processor: no further attempt
            exchange.setRouteStop(true);
        } else {
            exchange.setVariable(WORK_VARIABLE, renewed);
        }
    }
}
