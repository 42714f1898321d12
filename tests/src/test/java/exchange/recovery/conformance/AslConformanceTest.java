package exchange.recovery.conformance;

import static exchange.recovery.conformance.BrokenCopy.introduced;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.local.template.SamTemplate;

class AslConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private BrokenCopy copy;
    private String machine;
    private String asl;

    @BeforeEach
    void copyTheProject() {
        copy = BrokenCopy.of(Project.current(), directory);
        machine = copy.firstStateMachine();
        asl = copy.firstDefinition();
    }

    private static AslConformance conformance(Project project) {
        return new AslConformance(project, project.loadTemplate());
    }

    /** Runs one rule before and after {@code breakIt}, giving what the change introduced. */
    private List<Finding> introducedBy(Runnable breakIt, Function<AslConformance, List<Finding>> rule) {
        List<Finding> before = rule.apply(conformance(copy.project()));
        breakIt.run();
        return introduced(before, rule.apply(conformance(copy.project())));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void realStateMachines_conformToEveryRule() {
        Project project = Project.current();
        SamTemplate template = project.loadTemplate();

        assertThat(project.aslFiles()).isNotEmpty();
        assertThat(template.stateMachines()).isNotEmpty();
        assertThat(new AslConformance(project, template).check()).isEmpty();
    }

    @Test
    void placeholderMissingFromDefinitionSubstitutions_isReported() {
        @SuppressWarnings("unchecked")
        Map<String, Object> substitutions = (Map<String, Object>) copy.properties(machine).get("DefinitionSubstitutions");
        String removed = substitutions.keySet().iterator().next();

        List<Finding> findings = introducedBy(() -> substitutions.remove(removed), AslConformance::substitutions);

        assertThat(findings).containsExactly(new Finding("asl.substitution-missing", machine + " (" + asl + ")",
                "${" + removed + "} is not supplied by DefinitionSubstitutions"));
    }

    @Test
    void substitutionTheDefinitionDoesNotUse_isReported() {
        @SuppressWarnings("unchecked")
        Map<String, Object> substitutions = (Map<String, Object>) copy.properties(machine).get("DefinitionSubstitutions");

        List<Finding> findings = introducedBy(() -> substitutions.put("ForgottenTopicArn", Map.of("Ref", "AWS::StackName")),
                AslConformance::substitutions);

        assertThat(findings).containsExactly(new Finding("asl.substitution-unused", machine + " (" + asl + ")",
                "DefinitionSubstitutions.ForgottenTopicArn is not used by the definition"));
    }

    @Test
    void aslFileNoStateMachineUses_isReported() {
        List<Finding> findings = introducedBy(() -> copy.writeRaw("statemachines/orphan.asl.json",
                copy.definition(asl).toString()), AslConformance::references);

        assertThat(findings).containsExactly(new Finding("asl.unreferenced", "statemachines/orphan.asl.json",
                "no AWS::Serverless::StateMachine in template.json has this file as DefinitionUri"));
    }

    @Test
    void definitionUriNamingNoFile_isReported() {
        List<Finding> findings = introducedBy(() -> copy.properties(machine).put("DefinitionUri",
                "statemachines/missing.asl.json"), AslConformance::references);

        assertThat(findings).hasSize(2).anySatisfy(finding -> {
            assertThat(finding.check()).isEqualTo("asl.definition-missing");
            assertThat(finding.subject()).isEqualTo(machine);
            assertThat(finding.message()).startsWith("DefinitionUri statemachines/missing.asl.json names no file");
        }).contains(new Finding("asl.unreferenced", asl,
                "no AWS::Serverless::StateMachine in template.json has this file as DefinitionUri"));
    }

    @Test
    void aslWithARepeatedStateName_isReported() {
        List<Finding> findings = introducedBy(() -> copy.writeRaw(asl,
                "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}, \"A\": {\"Type\": \"Fail\"}}}"),
                AslConformance::json);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo("asl.json");
            assertThat(finding.subject()).isEqualTo(asl);
            assertThat(finding.message()).contains("Duplicate field 'A'");
        });
    }

    @Test
    void taskWithoutRetry_isReported() {
        Map.Entry<String, ObjectNode> task = copy.firstTask(asl);

        List<Finding> findings = introducedBy(() -> task.getValue().remove("Retry"), AslConformance::tasks);

        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.check()).isEqualTo("asl.task-retry");
            assertThat(finding.subject()).isEqualTo(asl + " " + task.getKey());
        });
    }

    @Test
    void lambdaTaskNotRetryingThrottling_isReported() {
        Map.Entry<String, ObjectNode> task = copy.firstTask(asl,
                        state -> state.path("Resource").asText().startsWith("arn:aws:states:::lambda:invoke"))
                .orElseThrow(() -> new IllegalStateException(asl + " has no lambda:invoke Task"));

        List<Finding> findings = introducedBy(() -> task.getValue().withArray("Retry").forEach(retrier -> {
            ArrayNode errors = (ArrayNode) retrier.get("ErrorEquals");
            for (int i = errors.size() - 1; i >= 0; i--) {
                if (List.of("Lambda.TooManyRequestsException", "States.ALL").contains(errors.get(i).asText())) {
                    errors.remove(i);
                }
            }
        }), AslConformance::tasks);

        assertThat(findings).containsExactly(new Finding("asl.task-retry", asl + " " + task.getKey(),
                "Lambda task does not retry the transient errors Lambda.TooManyRequestsException"));
    }

    @Test
    void taskWithoutCatch_isReported() {
        Map.Entry<String, ObjectNode> task = copy.firstTask(asl);

        List<Finding> findings = introducedBy(() -> task.getValue().remove("Catch"), AslConformance::tasks);

        assertThat(findings).containsExactly(new Finding("asl.task-catch", asl + " " + task.getKey(),
                "Task has no Catch leading to a state that records the failure"));
    }

    @Test
    void taskWithoutTimeout_isReported() {
        Map.Entry<String, ObjectNode> task = copy.firstTask(asl);

        List<Finding> findings = introducedBy(() -> task.getValue().remove(List.of("TimeoutSeconds", "TimeoutSecondsPath")),
                AslConformance::tasks);

        assertThat(findings).containsExactly(new Finding("asl.task-timeout", asl + " " + task.getKey(),
                "Task has no TimeoutSeconds"));
    }

    @Test
    void tasksInsideParallelBranchesAndMapProcessors_areChecked() {
        // GIVEN tasks nested in a Parallel branch, a Map ItemProcessor and a legacy Map Iterator,
        // each lacking one thing
        String complete = """
                "Type": "Task", "Resource": "arn:aws:states:::sns:publish", "End": true,
                "Parameters": {"TopicArn": "${NotificationTopicArn}", "Message": "x"}""";
        String retry = ", \"Retry\": [{\"ErrorEquals\": [\"SNS.InternalErrorException\"]}]";
        String caught = ", \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Failed\"}]";
        String timeout = ", \"TimeoutSeconds\": 10";
        ObjectNode states = copy.states(asl);
        Runnable nest = () -> {
            states.set("Fanout", json("{\"Type\": \"Parallel\", \"End\": true, \"Branches\": [{\"StartAt\": \"Inner\","
                    + " \"States\": {\"Inner\": {" + complete + caught + timeout + "}}}]}"));
            states.set("EachAccount", json("{\"Type\": \"Map\", \"End\": true, \"ItemProcessor\": {\"StartAt\": \"Inner\","
                    + " \"States\": {\"Inner\": {" + complete + retry + timeout + "}}}}"));
            states.set("EachAsset", json("{\"Type\": \"Map\", \"End\": true, \"Iterator\": {\"StartAt\": \"Inner\","
                    + " \"States\": {\"Inner\": {" + complete + retry + caught + "}}}}"));
        };

        List<Finding> findings = introducedBy(nest, AslConformance::tasks);

        assertThat(findings).extracting(Finding::check, Finding::subject).containsExactly(
                org.assertj.core.groups.Tuple.tuple("asl.task-retry", asl + " States.Fanout.Branches[0].States.Inner"),
                org.assertj.core.groups.Tuple.tuple("asl.task-catch", asl + " States.EachAccount.ItemProcessor.States.Inner"),
                org.assertj.core.groups.Tuple.tuple("asl.task-timeout", asl + " States.EachAsset.Iterator.States.Inner"));
    }

    @Test
    void callbackTaskWithoutTimeoutAndHeartbeat_isReported() {
        ObjectNode states = copy.states(asl);

        List<Finding> findings = introducedBy(() -> states.set("AwaitApproval", json("""
                {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true,
                 "Parameters": {"QueueUrl": "${ApprovalQueueUrl}", "MessageBody": {"token.$": "$$.Task.Token"}},
                 "Retry": [{"ErrorEquals": ["SQS.SdkClientException"]}],
                 "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Failed"}]}
                """)), AslConformance::tasks);

        assertThat(findings).containsExactly(
                new Finding("asl.callback-timeout", asl + " States.AwaitApproval",
                        ".waitForTaskToken Task has no TimeoutSeconds: it would wait for up to a year"),
                new Finding("asl.callback-heartbeat", asl + " States.AwaitApproval",
                        ".waitForTaskToken Task has no HeartbeatSeconds"));
    }

    @Test
    void accountIdInsideAsl_isReported() {
        ObjectNode states = copy.states(asl);

        List<Finding> findings = introducedBy(() -> states.set("Hardcoded",
                json("{\"Type\": \"Pass\", \"End\": true, \"Result\": {\"account\": \"123456789012\"}}")),
                AslConformance::literals);

        assertThat(findings).containsExactly(new Finding("asl.account-id", asl + " $.States.Hardcoded.Result.account",
                "holds what looks like an account id (123456789012): pass it in a substitution"));
    }

    @Test
    void regionInsideAsl_isReported() {
        List<Finding> findings = introducedBy(() -> copy.definition(asl).put("Comment", "Fails over to eu-central-1."),
                AslConformance::literals);

        assertThat(findings).containsExactly(new Finding("asl.region", asl + " $.Comment",
                "names the region eu-central-1: pass it in a substitution"));
    }

    @Test
    void arnOtherThanAServiceIntegrationInsideAsl_isReported() {
        ObjectNode states = copy.states(asl);

        List<Finding> findings = introducedBy(() -> states.set("Hardcoded",
                json("{\"Type\": \"Pass\", \"End\": true, \"Result\": {\"reports\": \"arn:aws:s3:::exchange-recovery-reports\"}}")),
                AslConformance::literals);

        assertThat(findings).containsExactly(new Finding("asl.arn", asl + " $.States.Hardcoded.Result.reports",
                "holds the ARN arn:aws:s3:::exchange-recovery-reports: pass it in a substitution"));
    }

    @Test
    void physicalResourceNamesInsideAsl_areReported() {
        ObjectNode states = copy.states(asl);
        String checked = ", \"End\": true, \"TimeoutSeconds\": 10, \"Retry\": [{\"ErrorEquals\": [\"States.TaskFailed\"]}],"
                + " \"Catch\": [{\"ErrorEquals\": [\"States.ALL\"], \"Next\": \"Failed\"}]";

        List<Finding> findings = introducedBy(() -> {
            states.set("NotifyByName", json("{\"Type\": \"Task\", \"Resource\": \"arn:aws:states:::sns:publish\","
                    + " \"Parameters\": {\"TopicArn\": \"exchange-recovery-notifications\", \"Message.$\": \"$\"}" + checked + "}"));
            states.set("InvokeByName", json("{\"Type\": \"Task\", \"Resource\": \"open-incident\"" + checked + "}"));
        }, AslConformance::literals);

        assertThat(findings).containsExactly(
                new Finding("asl.physical-name", asl + " States.NotifyByName.Parameters.TopicArn",
                        "names the resource 'exchange-recovery-notifications': pass it in a substitution"),
                new Finding("asl.physical-name", asl + " States.InvokeByName.Resource",
                        "names the resource 'open-incident': use a service integration or a substitution"));
    }

    @Test
    void literalChecks_acceptServiceIntegrationsSubstitutionsAndPaths() {
        JsonNode definition = copy.definition(asl);

        assertThat(definition.toString()).contains("arn:aws:states:::");
        assertThat(conformance(copy.project()).literals()).isEmpty();
    }
}
