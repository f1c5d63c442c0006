package dev.escalationeda.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import dev.escalationeda.strategy.definition.StrategyDefinition;
import dev.escalationeda.strategy.definition.StrategyLoader;
import org.junit.jupiter.api.Test;

/** The stages a run must get through to succeed, worked out from its definition and its variables. */
class SuccessPathTest {

    private static final Path TEST_STRATEGIES = Path.of("src/test/resources/strategies/in-process");

    @Test
    void theSampleStrategysPathLeavesOutTheCompensation() {
        StrategyDefinition main = StrategyLoader.load(Path.of("config/strategies")).definition("main").orElseThrow();

        assertThat(SuccessPath.of(main, main.variables())).containsExactlyInAnyOrder("Build", "FVT", "SVT", "Deploy_Approval", "Deploy");
        assertThat(SuccessPath.dependsOnVariables(main)).isFalse();
    }

    @Test
    void aStageAVariableCanNameIsOnThePathOnlyWhenTheRunsVariableNamesIt() {
        StrategyDefinition routed = StrategyLoader.load(TEST_STRATEGIES).definition("routed").orElseThrow();

        assertThat(SuccessPath.of(routed, routed.variables())).containsExactlyInAnyOrder("Build", "Canary");
        assertThat(SuccessPath.of(routed, Map.of("rollout", "Everywhere"))).containsExactlyInAnyOrder("Build", "Everywhere");
        assertThat(SuccessPath.of(routed, Map.of("rollout", "Nowhere"))).containsExactly("Build");
        assertThat(SuccessPath.dependsOnVariables(routed)).isTrue();
    }

    @Test
    void aVariableInAnAttributeNoTriggerWaitsForLeavesThePathFixed() {
        StrategyDefinition reported = StrategyLoader.load(Path.of("integration-tests/src/test/resources/strategies/reported"))
                .definition("reported").orElseThrow();

        assertThat(SuccessPath.dependsOnVariables(reported)).isFalse();
        assertThat(SuccessPath.of(reported, Map.of("commit", "c0ffee"))).containsExactlyInAnyOrder("Build", "FVT", "SVT", "Deploy_Approval",
                "Deploy");
    }
}
