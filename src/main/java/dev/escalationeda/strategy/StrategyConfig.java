package dev.escalationeda.strategy;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "eda.strategies")
public interface StrategyConfig {

    /** Folder of the definition files (StrategyDefinition and StrategyTrigger documents). */
    @WithDefault("config/strategies")
    String dir();

    /** Stage actions carried out at once. */
    @WithDefault("8")
    int stageWorkers();

    /** How often running Tekton stages are checked and stalled stages looked for, in milliseconds. */
    @WithDefault("1000")
    long pollIntervalMs();

    /**
     * Stages each check reads at most: stalled stages, finished stages whose events are to be sent
     * again, and the next page of stages waiting outside (each check goes on where the last one stopped).
     */
    @WithDefault("500")
    int sweepBatch();

    /** A stage whose action has not started within this time (its replica died) is started again. */
    @WithDefault("PT2M")
    Duration lease();

    /** Namespace of the PipelineRuns of tekton stages that name none. */
    @WithDefault("default")
    String tektonNamespace();

    /** The service's address as approvers reach it, for the links in approval mails. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** Key of the approval links' signatures; when unset, one is generated and kept in the database. */
    Optional<String> approvalLinkSecret();

    /** When set, {@code POST /events} needs {@code Authorization: Bearer <token>}. */
    Optional<String> eventsToken();
}
