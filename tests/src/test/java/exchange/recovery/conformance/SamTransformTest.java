package exchange.recovery.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import exchange.recovery.local.template.SamTemplate;

class SamTransformTest {

    @TempDir
    Path directory;

    private final Project project = Project.current();

    @Test
    void realTemplate_becomesCloudFormationWithEveryExpectedResource() {
        SamTemplate template = project.loadTemplate();

        SamTransform.Outcome outcome = new SamTransform(project, template).transform();

        assertThat(outcome.errors()).isEmpty();
        assertThat(SamTransform.missingResources(template, outcome.resourceTypes())).isEmpty();
        assertThat(outcome.resourceTypes()).containsValues("AWS::Lambda::Function", "AWS::StepFunctions::StateMachine",
                "AWS::Events::Rule");
    }

    @Test
    void templateSamRejects_isReportedWithSamsMessage() {
        // GIVEN a copy whose first function has an event of a type SAM does not know
        BrokenCopy copy = BrokenCopy.of(project, directory);
        String function = copy.firstFunction();
        copy.properties(function).put("Events", Map.of("Nightly", Map.of("Type", "Cron",
                "Properties", Map.of("Schedule", "rate(1 day)"))));
        Project broken = copy.project();

        // WHEN SAM translates it
        List<Finding> findings = new SamTransform(broken, broken.loadTemplate()).check();

        // THEN the finding is SAM's own complaint about that event
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo("sam.transform");
            assertThat(finding.message()).contains("[" + function + "]").contains("Nightly");
        });
    }

    @Test
    void translationLackingAnExpectedResource_isReported() {
        // GIVEN the real translation without the first state machine, and with a SAM resource left over
        SamTemplate template = project.loadTemplate();
        Map<String, String> types = new LinkedHashMap<>(new SamTransform(project, template).transform().resourceTypes());
        String machine = template.stateMachines().keySet().iterator().next();
        types.remove(machine);
        types.put("Leftover", "AWS::Serverless::Function");

        // WHEN it is compared with what the template declares
        List<Finding> findings = SamTransform.missingResources(template, types);

        // THEN both are named
        assertThat(findings).containsExactly(
                new Finding("sam.missing-resource", machine,
                        "the SAM translation has no resource where a AWS::StepFunctions::StateMachine was expected"),
                new Finding("sam.missing-resource", "Leftover",
                        "the SAM translation left AWS::Serverless::Function untranslated"));
    }
}
