package exchange.recovery.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

class AslValidatorTest {

    @TempDir
    Path directory;

    private final Project project = Project.current();

    @Test
    void realStateMachines_areValidAsl() {
        assertThat(project.aslFiles()).isNotEmpty();
        assertThat(new AslValidator(project, project.root()).check()).isEmpty();
    }

    @Test
    void danglingNext_isReportedWithTheValidatorsReason() {
        // GIVEN a copy whose first transition leads to a state that does not exist
        BrokenCopy copy = BrokenCopy.of(project, directory);
        String asl = copy.firstDefinition();
        ObjectNode states = copy.states(asl);
        Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> withNext = states.properties().stream()
                .filter(state -> state.getValue().has("Next")).findFirst()
                .orElseThrow(() -> new IllegalStateException(asl + " has no state with Next"));
        ((ObjectNode) withNext.getValue()).put("Next", "NoSuchState");

        // WHEN it is validated
        List<Finding> findings = new AslValidator(copy.project(), project.root()).check();

        // THEN the validator's finding names the problem and the file (the state that followed may be
        // reported as unreachable as well)
        assertThat(findings).contains(new Finding("asl.invalid", asl,
                "MISSING_TRANSITION_TARGET: Missing 'StartAt'|'Next'|'Default' target: NoSuchState"));
        assertThat(findings).allSatisfy(finding -> assertThat(finding.message()).startsWith("MISSING_TRANSITION_TARGET"));
    }

    @Test
    void stateOfTheWrongShape_isReportedWithTheSchemaPath() {
        BrokenCopy copy = BrokenCopy.of(project, directory);
        String asl = copy.firstDefinition();
        Map.Entry<String, ObjectNode> task = copy.firstTask(asl);
        task.getValue().put("Retry", "three times");

        List<Finding> findings = new AslValidator(copy.project(), project.root()).check();

        String statePointer = "/" + task.getKey().replace('.', '/');
        assertThat(findings).containsExactly(new Finding("asl.invalid", asl,
                "SCHEMA_VALIDATION_FAILED: " + statePointer + "/Retry is invalid. must be array"));
    }

    @Test
    void missingValidator_failsTellingHowToInstallIt() {
        AslValidator withoutNodeModules = new AslValidator(project, directory);

        assertThatThrownBy(withoutNodeModules::check)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("node_modules/.bin/asl-validator is missing")
                .hasMessageContaining("run scripts/setup.sh");
    }
}
