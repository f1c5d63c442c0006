package dev.escalationeda.strategy.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Definition files: the shipped sample loads, and every kind of mistake is reported with its file and line. */
class StrategyLoaderTest {

    /** A valid two-stage strategy; the tests break one thing in it at a time. */
    private static final String VALID = """
            kind: StrategyDefinition
            name: pipeline
            variables:
              - name: commit
            firstStage: Build
            stages:
              - name: Build
                action:
                  kind: event
                triggers:
                  - name: Start
                emits:
                  - name: Build
                    status: $stage_status
              - name: Test
                action:
                  kind: http
                  url: http://tests.example.com/${commit}
                triggers:
                  - name: Build
                    status: Success
                emits:
                  - name: Test
                    status: $stage_status
            ---
            kind: StrategyTrigger
            name: on-push
            strategy: pipeline
            match:
              name: Push
            variables:
              commit: ${event.commit}
            """;

    @TempDir
    Path dir;

    @Test
    void theShippedSampleStrategyLoadsWithoutErrorsOrWarnings() {
        Strategies strategies = StrategyLoader.load(Path.of("config/strategies"));

        assertThat(strategies.warnings()).isEmpty();
        StrategyDefinition main = strategies.definition("main").orElseThrow();
        assertThat(main.firstStage()).isEqualTo("Build");
        assertThat(main.stages()).extracting(StageDefinition::name)
                .containsExactly("Build", "FVT", "SVT", "Deploy_Approval", "Deploy", "FVT_Error");
        assertThat(main.stage("Deploy_Approval").orElseThrow().triggers()).extracting(EventPattern::attributes)
                .containsExactly(Map.of("name", "FVT", "status", "Success"), Map.of("name", "SVT", "status", "Success"));
        assertThat(main.stage("Deploy").orElseThrow().triggers().get(0).attributes()).containsEntry("name", "Deploy_Approval");
        assertThat(main.stage("Build").orElseThrow().action().params()).containsEntry("revision", "${commit}");
        StrategyTrigger push = strategies.triggers().stream().filter(trigger -> trigger.name().equals("main-push")).findFirst().orElseThrow();
        assertThat(push.strategy()).isEqualTo("main");
        assertThat(push.emit()).isEqualTo(Map.of("name", "Start_build"));
        assertThat(push.filters().get(0).allowed()).containsExactly("master");
        assertThat(push.filters().get(0).disallowed()).containsExactly("*test");
    }

    @Test
    void aValidFileLoads() throws IOException {
        write("pipeline.yaml", VALID);
        assertThat(StrategyLoader.load(dir).definitions()).containsOnlyKeys("pipeline");
    }

    @Test
    void aMissingFolderHasNoStrategies() {
        assertThat(StrategyLoader.load(dir.resolve("absent")).definitions()).isEmpty();
    }

    @Test
    void yamlSyntaxErrors() throws IOException {
        write("broken.yaml", VALID.replace("  - name: commit", "  - name: [commit"));
        // The parser notices the unclosed bracket on the next line; the message names the line it opened on.
        assertThat(errors()).singleElement().asString()
                .startsWith("broken.yaml:" + lineOf("firstStage: Build") + ": not valid YAML: ")
                .endsWith("(while parsing a flow sequence at line " + lineOf("  - name: commit") + ")");
    }

    @Test
    void emptyDocumentsAndEmptyValuesAreAllowed() throws IOException {
        write("pipeline.yaml", "# comments only\n---\n"
                + VALID.replace("    emits:\n      - name: Test\n        status: $stage_status\n", "    emits:\n") + "---\n");
        assertThat(StrategyLoader.load(dir).definition("pipeline").orElseThrow().stage("Test").orElseThrow().emits()).isEmpty();
    }

    @Test
    void variablesWithAnEmptyDefaultHaveNone() throws IOException {
        write("pipeline.yaml", VALID.replace("  - name: commit\n", "  - name: commit\n  - name: tag\n    default:\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + (lineOf("kind: StrategyTrigger") + 2)
                + ": strategy trigger 'on-push' does not bind variable 'tag', which has no default");
    }

    @Test
    void repeatedKeys() throws IOException {
        write("pipeline.yaml", VALID.replace("firstStage: Build\n", "firstStage: Build\nfirstStage: Build\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + (lineOf("firstStage: Build") + 1)
                + ": key 'firstStage' appears twice in a document");
    }

    @Test
    void unknownKeys() throws IOException {
        write("pipeline.yaml", VALID.replace("    emits:\n      - name: Test", "    emit:\n      - name: Test"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("emits:\n      - name: Test") + ": unknown key 'emit' in a stage "
                + "(expected one of action, emits, name, triggers)");
    }

    @Test
    void unknownDocumentKinds() throws IOException {
        write("pipeline.yaml", VALID + "---\nkind: TektonStage\nname: x\n");
        assertThat(errors()).containsExactly("pipeline.yaml:" + (VALID.split("\n").length + 2)
                + ": unknown document kind 'TektonStage' (expected StrategyDefinition or StrategyTrigger)");
    }

    @Test
    void unknownActionKinds() throws IOException {
        write("pipeline.yaml", VALID.replace("kind: http", "kind: jenkins"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: http")
                + ": unknown action kind 'jenkins' (expected event, tekton, http, approval or external)");
    }

    @Test
    void missingRequiredFields() throws IOException {
        write("pipeline.yaml", VALID.replace("      url: http://tests.example.com/${commit}\n", ""));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: http") + ": an action needs 'url'");
    }

    @Test
    void triggersNothingEmits() throws IOException {
        write("pipeline.yaml", VALID.replace("      - name: Build\n        status: Success", "      - name: Built\n        status: Success"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("      - name: Build\n        status: Success")
                + ": trigger {name=Built, status=Success} of stage 'Test' is emitted by no stage or strategy trigger");
    }

    @Test
    void cycles() throws IOException {
        // Test's event starts Build again.
        write("pipeline.yaml", VALID.replace("      - name: Test\n        status: $stage_status", "      - name: Start"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("  - name: Build\n    action")
                + ": stages form a cycle: Build -> Test -> Build");
    }

    @Test
    void tektonStagesWhosePipelineRunsWouldBeNamedAlike() throws IOException {
        write("pipeline.yaml", VALID.replace("  - name: Build\n    action:\n      kind: event", "  - name: Build\n    action:\n      kind: tekton\n      pipeline: build")
                .replace("  - name: Test\n    action:\n      kind: http\n      url: http://tests.example.com/${commit}",
                        "  - name: build_\n    action:\n      kind: tekton\n      pipeline: test"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + (lineOf("  - name: Test\n    action") + 1)
                + ": stages 'Build' and 'build_' would name their PipelineRuns alike ('build-<run>'); names differ in their first 26 letters, digits and dashes");
    }

    @Test
    void tektonStagesWithoutALetterOrDigitInTheirName() throws IOException {
        write("pipeline.yaml", VALID.replace("  - name: Test\n    action:\n      kind: http\n      url: http://tests.example.com/${commit}",
                "  - name: \"__\"\n    action:\n      kind: tekton\n      pipeline: test"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("  - name: Test\n    action")
                + ": stage '__' needs a letter or digit in its name to name its PipelineRun");
    }

    @Test
    void unknownVariables() throws IOException {
        write("pipeline.yaml", VALID.replace("http://tests.example.com/${commit}", "http://tests.example.com/${revision}"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("  - name: Test\n    action")
                + ": stage 'Test' refers to '${revision}', which is not a variable of strategy 'pipeline'");
    }

    @Test
    void unboundVariables() throws IOException {
        write("pipeline.yaml", VALID.replace("variables:\n  commit: ${event.commit}\n", ""));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: StrategyTrigger")
                + ": strategy trigger 'on-push' does not bind variable 'commit', which has no default");
    }

    @Test
    void triggersOfUndefinedStrategies() throws IOException {
        write("pipeline.yaml", VALID.replace("strategy: pipeline", "strategy: delivery"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: StrategyTrigger")
                + ": strategy trigger 'on-push' starts strategy 'delivery', which is not defined");
    }

    @Test
    void unknownFirstStages() throws IOException {
        write("pipeline.yaml", VALID.replace("firstStage: Build", "firstStage: Compile"));
        assertThat(errors()).contains("pipeline.yaml:1: firstStage 'Compile' is not a stage of strategy 'pipeline'");
    }

    @Test
    void duplicateStages() throws IOException {
        write("pipeline.yaml", VALID.replace("  - name: Test\n    action", "  - name: Build\n    action")
                .replace("name: Test\n        status: $stage_status", "name: Build\n        status: $stage_status"));
        assertThat(errors()).contains("pipeline.yaml:" + lineOf("  - name: Test\n    action")
                + ": stage 'Build' is defined twice in strategy 'pipeline'");
    }

    @Test
    void strategiesDefinedTwiceAcrossFiles() throws IOException {
        write("a.yaml", VALID);
        write("b.yaml", VALID.replace("name: on-push", "name: on-another-push"));
        assertThat(errors()).containsExactly("b.yaml:1: strategy 'pipeline' is defined twice (also at a.yaml:1)");
    }

    @Test
    void firstStagesWithMoreThanOneTrigger() throws IOException {
        write("pipeline.yaml", VALID.replace("    triggers:\n      - name: Start\n", "    triggers:\n      - name: Start\n      - name: Resume\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("  - name: Build\n    action")
                + ": first stage 'Build' must have exactly one trigger (a run's start event)");
    }

    @Test
    void triggerEmitsThatDoNotTriggerTheFirstStage() throws IOException {
        write("pipeline.yaml", VALID + "emit:\n  name: Begin\n");
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: StrategyTrigger")
                + ": strategy trigger 'on-push' emits {name=Begin}, which does not trigger the first stage 'Build' (it waits for {name=Start})");
    }

    @Test
    void filtersWithNeitherAllowedNorDisallowed() throws IOException {
        write("pipeline.yaml", VALID + "filters:\n  - attribute: branch\n");
        assertThat(errors()).containsExactly("pipeline.yaml:" + (VALID.split("\n").length + 2)
                + ": filter on 'branch' needs 'allowed' or 'disallowed'");
    }

    @Test
    void bindingsOfVariablesTheStrategyLacks() throws IOException {
        write("pipeline.yaml", VALID + "  tag: v1\n");
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: StrategyTrigger")
                + ": strategy trigger 'on-push' binds 'tag', which is not a variable of strategy 'pipeline'");
    }

    @Test
    void unknownReferencesInBindings() throws IOException {
        write("pipeline.yaml", VALID.replace("commit: ${event.commit}", "commit: ${revision}"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("kind: StrategyTrigger") + ": variable 'commit' of strategy trigger "
                + "'on-push' refers to '${revision}', which is neither event.<attribute> nor a variable of the strategy");
    }

    @Test
    void unknownHttpMethods() throws IOException {
        write("pipeline.yaml", VALID.replace("      url: http://tests.example.com/${commit}\n",
                "      url: http://tests.example.com/${commit}\n      method: FETCH\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + (lineOf("      url: http://tests.example.com") + 1)
                + ": unknown HTTP method 'FETCH' (expected GET, POST, PUT, PATCH or DELETE)");
    }

    @Test
    void variablesDeclaredTwice() throws IOException {
        write("pipeline.yaml", VALID.replace("  - name: commit\n", "  - name: commit\n  - name: commit\n    default: main\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + (lineOf("  - name: commit") + 1) + ": variable 'commit' is declared twice");
    }

    @Test
    void strategiesWithoutStages() throws IOException {
        write("pipeline.yaml", VALID.substring(0, VALID.indexOf("stages:")) + "stages: []\n" + VALID.substring(VALID.indexOf("---")));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("stages:") + ": a strategy needs at least one stage",
                "pipeline.yaml:1: firstStage 'Build' is not a stage of strategy 'pipeline'");
    }

    @Test
    void stagesWithoutTriggers() throws IOException {
        write("pipeline.yaml", VALID.replace("    triggers:\n      - name: Build\n        status: Success\n", "    triggers: []\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("    triggers:\n      - name: Build")
                + ": a stage needs at least one trigger");
    }

    @Test
    void triggersWithoutAttributes() throws IOException {
        write("pipeline.yaml", VALID.replace("      - name: Build\n        status: Success\n", "      - {}\n"));
        // matching every event, the stage's own included, it would also start the stage again
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("      - name: Build\n        status: Success")
                + ": a trigger needs at least one attribute to match", "pipeline.yaml:" + lineOf("  - name: Test\n    action")
                + ": stages form a cycle: Test -> Test");
    }

    @Test
    void strategyTriggersMatchingNothing() throws IOException {
        write("pipeline.yaml", VALID.replace("match:\n  name: Push\n", "match: {}\n"));
        assertThat(errors()).containsExactly("pipeline.yaml:" + lineOf("match:") + ": a strategy trigger must match at least one attribute");
    }

    @Test
    void stagesNoRunCanGetToAreAWarning() throws IOException {
        // Build's status is only ever Success or Failed.
        write("pipeline.yaml", VALID.replace("      - name: Build\n        status: Success", "      - name: Build\n        status: Skipped"));
        Strategies strategies = StrategyLoader.load(dir);
        assertThat(strategies.definitions()).containsOnlyKeys("pipeline");
        assertThat(strategies.warnings()).containsExactly("pipeline.yaml:" + lineOf("  - name: Test\n    action")
                + ": stage 'Test' is never reached from first stage 'Build'");
    }

    @Test
    void errorsOfSeveralFilesAreReportedTogether() throws IOException {
        write("a.yaml", VALID.replace("kind: http", "kind: jenkins"));
        write("b.yaml", VALID.replace("name: pipeline", "name: second").replace("strategy: pipeline", "strategy: missing"));
        assertThat(errors()).containsExactly(
                "a.yaml:" + lineOf("kind: http") + ": unknown action kind 'jenkins' (expected event, tekton, http, approval or external)",
                "b.yaml:" + lineOf("kind: StrategyTrigger") + ": strategy trigger 'on-push' starts strategy 'missing', which is not defined");
    }

    @Test
    void branchFiltersAllowAndDisallowByPattern() {
        AttributeFilter filter = new AttributeFilter("branch", List.of("master"), List.of("*test"), new Source("f.yaml", 1));
        assertThat(filter.accepts(Map.of("branch", "master"))).isTrue();
        assertThat(filter.accepts(Map.of("branch", "feature-test"))).isFalse();
        assertThat(filter.accepts(Map.of("branch", "main"))).isFalse();
        assertThat(filter.accepts(Map.of())).isFalse();
        AttributeFilter anyButTests = new AttributeFilter("branch", List.of(), List.of("*test"), new Source("f.yaml", 1));
        assertThat(anyButTests.accepts(Map.of("branch", "feature-test"))).isFalse();
        assertThat(anyButTests.accepts(Map.of("branch", "feature-x"))).isTrue();
    }

    private List<String> errors() {
        return catchThrowableOfType(StrategyDefinitionException.class, () -> StrategyLoader.load(dir)).errors();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    /** The 1-based line of the first line of {@code fragment} in the valid file. */
    private static int lineOf(String fragment) {
        int index = VALID.indexOf(fragment);
        if (index < 0) {
            throw new IllegalArgumentException("not in the file: " + fragment);
        }
        return (int) VALID.substring(0, index).chars().filter(c -> c == '\n').count() + 1;
    }
}
