package exchange.recovery.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StepKindTest {

    @Test
    void tasks_areClassifiedByTheirResourceAndName() {
        assertThat(StepKind.classify("Task", "OpenIncident", "lambda", "invoke")).isEqualTo(StepKind.LAMBDA);
        assertThat(StepKind.classify("Task", "GateWallet", "lambda", "invoke")).isEqualTo(StepKind.GATE);
        assertThat(StepKind.classify("Task", "CheckIntegrity", "lambda", "invoke")).isEqualTo(StepKind.GATE);
        assertThat(StepKind.classify("Task", "AwaitApproval", "lambda", "invoke.waitForTaskToken")).isEqualTo(StepKind.APPROVAL);
        assertThat(StepKind.classify("Task", "AwaitRestoreEvent", "lambda", "invoke.waitForTaskToken")).isEqualTo(StepKind.CALLBACK);
        assertThat(StepKind.classify("Task", "Notify", "sns", "publish")).isEqualTo(StepKind.NOTIFY);
        assertThat(StepKind.classify("Task", "RunDatabaseTier", "states", "startExecution.sync:2")).isEqualTo(StepKind.PLAN);
        assertThat(StepKind.classify("Task", "ScaleService", "aws-sdk:ecs", "updateService")).isEqualTo(StepKind.TASK);
        assertThat(StepKind.classify("Wait", "Backoff", null, null)).isEqualTo(StepKind.WAIT);
        assertThat(StepKind.classify("Fail", "RecoveryFailed", null, null)).isEqualTo(StepKind.FAIL);
    }

    @Test
    void resourceArns_splitIntoServiceAndAction() {
        assertThat(StepKind.resourceParts("arn:aws:states:::lambda:invoke")).containsExactly("lambda", "invoke");
        assertThat(StepKind.resourceParts("arn:aws:states:::lambda:invoke.waitForTaskToken"))
                .containsExactly("lambda", "invoke.waitForTaskToken");
        assertThat(StepKind.resourceParts("arn:aws:states:::states:startExecution.sync:2"))
                .containsExactly("states", "startExecution.sync:2");
        assertThat(StepKind.resourceParts("arn:aws:states:::aws-sdk:ecs:updateService")).containsExactly("aws-sdk:ecs", "updateService");
        assertThat(StepKind.resourceParts("${OpenIncidentFunctionArn}")).containsExactly("lambda", "invoke");
    }
}
