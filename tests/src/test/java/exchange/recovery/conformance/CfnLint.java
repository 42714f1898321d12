package exchange.recovery.conformance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code cfn-lint} on the template must find nothing: errors, warnings and informational findings alike. */
public final class CfnLint {

    /** {@code --format parseable}: {@code file:line:column:endLine:endColumn:Rule:message}. */
    private static final Pattern LINE = Pattern.compile("^(.*):(\\d+):(\\d+):\\d+:\\d+:([A-Z]\\d+):(.*)$", Pattern.MULTILINE);

    private final Project project;

    public CfnLint(Project project) {
        this.project = project;
    }

    public List<Finding> check() {
        ExternalCommand.Result result = ExternalCommand.run(
                List.of("cfn-lint", "--format", "parseable", project.template().toString()),
                project.root(), Duration.ofMinutes(3),
                "cfn-lint is not installed: pip install cfn-lint (scripts/setup.sh checks for it)");
        if (result.exitCode() == 0) {
            return List.of();
        }
        String template = project.relative(project.template());
        List<Finding> findings = new ArrayList<>();
        Matcher line = LINE.matcher(result.stdout());
        while (line.find()) {
            findings.add(new Finding("cfn-lint", template + ":" + line.group(2) + ":" + line.group(3),
                    line.group(4) + " " + line.group(5).strip()));
        }
        if (findings.isEmpty()) {
            findings.add(new Finding("cfn-lint", template, "cfn-lint exited with " + result.exitCode() + ":\n"
                    + result.output()));
        }
        return findings;
    }
}
