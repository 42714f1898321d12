package exchange.recovery.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfnLintTest {

    @TempDir
    Path directory;

    @Test
    void realTemplate_hasNoCfnLintFindings() {
        assertThat(new CfnLint(Project.current()).check()).isEmpty();
    }

    @Test
    void propertyTheResourceTypeDoesNotHave_isReportedWithRuleAndPlace() {
        // GIVEN a copy with a misspelt property
        BrokenCopy copy = BrokenCopy.of(Project.current(), directory);
        copy.addResource("MisspeltTopic", Map.of("Type", "AWS::SNS::Topic", "Properties", Map.of("DisplayNam", "x")));

        // WHEN cfn-lint reads it
        List<Finding> findings = new CfnLint(copy.project()).check();

        // THEN its finding names the rule, the file and the property
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo("cfn-lint");
            assertThat(finding.subject()).startsWith("template.json:");
            assertThat(finding.message()).startsWith("E3002 ").contains("'DisplayNam' was unexpected");
        });
    }
}
