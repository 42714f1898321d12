package exchange.recovery.conformance;

import static exchange.recovery.conformance.BrokenCopy.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateConformanceTest {

    @TempDir
    Path directory;

    private BrokenCopy copy;

    @BeforeEach
    void copyTheProject() {
        copy = BrokenCopy.of(Project.current(), directory);
    }

    private List<Finding> introducedBy(Runnable breakIt, Function<TemplateConformance, List<Finding>> rule) {
        List<Finding> before = rule.apply(new TemplateConformance(copy.project().loadTemplate()));
        breakIt.run();
        return introduced(before, rule.apply(new TemplateConformance(copy.project().loadTemplate())));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> policies(Map<String, Object> properties) {
        Object policies = properties.get("Policies");
        List<Object> list = policies instanceof List<?> existing ? new ArrayList<>(existing)
                : policies == null ? new ArrayList<>() : new ArrayList<>(List.of(policies));
        properties.put("Policies", list);
        return list;
    }

    @Test
    void realTemplate_isHygienic() {
        assertThat(new TemplateConformance(Project.current().loadTemplate()).check()).isEmpty();
    }

    @Test
    void wildcardActionInAFunctionPolicy_isReported() {
        String function = copy.firstFunction();
        List<Object> policies = policies(copy.properties(function));

        List<Finding> findings = introducedBy(() -> policies.add(Map.of("Statement", List.of(Map.of(
                "Effect", "Allow", "Action", "*", "Resource", "*")))), TemplateConformance::iamWildcards);

        assertThat(findings).containsExactly(new Finding("template.iam-wildcard",
                "Resources." + function + ".Properties.Policies[" + (policies.size() - 1) + "].Statement[0].Action",
                "allows the action '*': name the actions the code calls"));
    }

    @Test
    void serviceWildcardActionInAnyIamResource_isReported() {
        List<Finding> findings = introducedBy(() -> copy.addResource("BroadPolicy", Map.of(
                "Type", "AWS::IAM::ManagedPolicy",
                "Properties", Map.of("PolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(
                        Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:*"),
                                "Resource", "*")))))), TemplateConformance::iamWildcards);

        assertThat(findings).containsExactly(new Finding("template.iam-wildcard",
                "Resources.BroadPolicy.Properties.PolicyDocument.Statement[0].Action",
                "allows the action 'dynamodb:*': name the actions the code calls"));
    }

    @Test
    void administratorPolicyOnAStateMachine_isReported() {
        String machine = copy.firstStateMachine();
        List<Object> policies = policies(copy.properties(machine));

        List<Finding> findings = introducedBy(() -> policies.add("AdministratorAccess"), TemplateConformance::iamWildcards);

        assertThat(findings).containsExactly(new Finding("template.iam-wildcard",
                "Resources." + machine + ".Properties.Policies[" + (policies.size() - 1) + "]",
                "attaches AdministratorAccess, which allows far more than the code calls"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void functionWithoutItsOwnLogGroup_isReported() {
        String function = copy.firstFunction();

        List<Finding> findings = introducedBy(() -> {
            copy.properties(function).remove("LoggingConfig");
            ((Map<String, Object>) copy.template().getOrDefault("Globals", new LinkedHashMap<>()))
                    .values().forEach(section -> ((Map<String, Object>) section).remove("LoggingConfig"));
        }, TemplateConformance::logGroups);

        assertThat(findings).containsExactly(new Finding("template.function-log-group", function,
                "has no LoggingConfig.LogGroup: Lambda would create a log group that never expires"));
    }

    @Test
    void functionLoggingToALogGroupTheTemplateDoesNotOwn_isReported() {
        String function = copy.firstFunction();

        List<Finding> findings = introducedBy(() -> copy.properties(function).put("LoggingConfig",
                Map.of("LogGroup", "/aws/lambda/shared")), TemplateConformance::logGroups);

        assertThat(findings).containsExactly(new Finding("template.function-log-group", function,
                "LoggingConfig.LogGroup /aws/lambda/shared is not a !Ref to an AWS::Logs::LogGroup of this template"));
    }

    @Test
    void logGroupWithoutRetention_isReported() {
        String logGroup = copy.firstOfType("AWS::Logs::LogGroup");

        List<Finding> findings = introducedBy(() -> copy.properties(logGroup).remove("RetentionInDays"),
                TemplateConformance::logGroups);

        assertThat(findings).containsExactly(new Finding("template.log-group-retention", logGroup,
                "has no RetentionInDays: its logs would be kept forever"));
    }

    @Test
    void stateMachineWithoutLogging_isReported() {
        String machine = copy.firstStateMachine();

        List<Finding> findings = introducedBy(() -> copy.properties(machine).put("Logging", Map.of("Level", "OFF")),
                TemplateConformance::stateMachineObservability);

        assertThat(findings).containsExactly(new Finding("template.state-machine-logging", machine,
                "has no Logging (Level ALL, ERROR or FATAL) to a log group"));
    }

    @Test
    void stateMachineWithoutTracing_isReported() {
        String machine = copy.firstStateMachine();

        List<Finding> findings = introducedBy(() -> copy.properties(machine).remove("Tracing"),
                TemplateConformance::stateMachineObservability);

        assertThat(findings).containsExactly(new Finding("template.state-machine-tracing", machine,
                "has no Tracing: {Enabled: true}"));
    }

    @Test
    void intrinsicTheLocalHarnessCannotResolve_isReported() {
        String function = copy.firstFunction();

        List<Finding> findings = introducedBy(() -> copy.properties(function).put("Description",
                Map.of("Fn::Cidr", List.of("10.0.0.0/16", 2, 8))), TemplateConformance::resolvable);

        assertThat(findings).containsExactly(new Finding("template.unresolvable", function,
                "Unsupported intrinsic Fn::Cidr at Resources." + function + ".Properties.Description"));
    }

    @Test
    void referenceToNothing_isReported() {
        String function = copy.firstFunction();

        List<Finding> findings = introducedBy(() -> copy.properties(function).put("Description",
                Map.of("Fn::Sub", "recovery for ${ExchangeName}")), TemplateConformance::resolvable);

        assertThat(findings).containsExactly(new Finding("template.unresolvable", function,
                "Ref to ExchangeName, which is neither a parameter nor a resource at Resources." + function
                        + ".Properties.Description.Fn::Sub ${ExchangeName}"));
    }
}
