package exchange.recovery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class StepTimelineTest {

    private static final Instant START = Instant.parse("2026-11-28T03:00:00Z");

    @Test
    void succeededSteps_haveTheirKindTimesAndResult() {
        History history = new History(START).lambda("OpenIncident", "{}", "{\"incidentId\":\"INC-1\"}")
                .enter("Task", "AnnounceStart").scheduled("sns", "publish", "{\"Subject\":\"Recovery started\"}")
                .succeeded("sns", "publish", "{}").exit("Task", "AnnounceStart", "{}")
                .enter("Succeed", "Recovered").exit("Succeed", "Recovered", "{}").executionSucceeded();

        List<StepTrace> steps = StepTimeline.of(history.trace("SUCCEEDED"));

        assertThat(steps).extracting(StepTrace::state).containsExactly("OpenIncident", "AnnounceStart", "Recovered");
        assertThat(steps).extracting(StepTrace::kind).containsExactly(StepKind.LAMBDA, StepKind.NOTIFY, StepKind.SUCCEED);
        assertThat(steps).extracting(StepTrace::status).containsOnly("SUCCEEDED");
        assertThat(steps.get(0).output().at("/Payload/incidentId").asText()).isEqualTo("INC-1");
        assertThat(steps.get(0).attempts()).isEqualTo(1);
        assertThat(steps.get(0).endedAt()).isAfter(steps.get(0).startedAt());
    }

    @Test
    void aRetriedTaskThatSucceeds_isSucceededWithItsAttempts() {
        History history = new History(START).enter("Task", "RecordTier")
                .scheduled("lambda", "invoke", "{}").failed("lambda", "invoke", "exchange.recovery.core.TransientFailure", "{}")
                .scheduled("lambda", "invoke", "{}").succeeded("lambda", "invoke", "{}").exit("Task", "RecordTier", "{}");

        StepTrace step = StepTimeline.of(history.trace("RUNNING")).get(0);

        assertThat(step.status()).isEqualTo("SUCCEEDED");
        assertThat(step.attempts()).isEqualTo(2);
        assertThat(step.error()).isNull();
    }

    @Test
    void aFailureThePlanCaught_isCaught_andTheFailStateIsFailed() {
        History history = new History(START).enter("Task", "GateDatabase")
                .scheduled("lambda", "invoke", "{\"Payload\":{\"tier\":\"database\"}}")
                .failed("lambda", "invoke", "exchange.recovery.integrity.IntegrityCheckFailed",
                        "{\"errorType\":\"exchange.recovery.integrity.IntegrityCheckFailed\",\"errorMessage\":\"ledger unbalanced\"}")
                .exit("Task", "GateDatabase", "{}")
                .enter("Fail", "RecoveryFailed").executionFailed("RecoveryFailed", "A recovery step failed");

        List<StepTrace> steps = StepTimeline.of(history.trace("FAILED"));

        assertThat(steps.get(0).status()).isEqualTo("CAUGHT");
        assertThat(steps.get(0).kind()).isEqualTo(StepKind.GATE);
        assertThat(steps.get(0).tier()).isEqualTo("database");
        assertThat(steps.get(0).toReportStep().detail()).isEqualTo("IntegrityCheckFailed: ledger unbalanced");
        assertThat(steps.get(1).status()).isEqualTo("FAILED");
        assertThat(steps.get(1).kind()).isEqualTo(StepKind.FAIL);
    }

    @Test
    void aCallbackTaskThatHasStarted_isWaiting_whileTheExecutionRuns() {
        History history = new History(START).enter("Task", "AwaitWithdrawalApproval")
                .scheduled("lambda", "invoke.waitForTaskToken", "{\"Payload\":{\"taskToken\":\"t\"}}");

        StepTrace step = StepTimeline.of(history.trace("RUNNING")).get(0);

        assertThat(step.status()).isEqualTo("WAITING");
        assertThat(step.kind()).isEqualTo(StepKind.APPROVAL);
        assertThat(step.tier()).isEqualTo("deposits-withdrawals");
        assertThat(step.endedAt()).isNull();
    }

    @Test
    void aStepLeftOpenByAnAbortedExecution_takesTheExecutionsStatus() {
        History history = new History(START).enter("Wait", "WaitForRestore");

        assertThat(StepTimeline.of(history.trace("ABORTED")).get(0).status()).isEqualTo("ABORTED");
    }

    @Test
    void nestedExecutions_addTheirSteps_attributedToTheTierTheirMachineIsNamedFor() {
        History parent = new History(START).enter("Task", "RunTiers")
                .scheduled("states", "startExecution.sync:2", "{}");
        History child = new History(START.plusSeconds(3)).lambda("Failover", "{}", "{}");
        ExecutionTrace childTrace = new ExecutionTrace("arn:child", "child", "arn:aws:states:us-east-1:1:stateMachine:x-DatabaseTierStateMachine",
                "SUCCEEDED", START.plusSeconds(3), START.plusSeconds(9), null, null, child.events(), List.of());
        ExecutionTrace parentTrace = new ExecutionTrace("arn:parent", "parent", "arn:aws:states:us-east-1:1:stateMachine:x-Platform",
                "RUNNING", START, null, null, null, parent.events(), List.of(childTrace));

        List<StepTrace> steps = StepTimeline.of(parentTrace);

        assertThat(steps).extracting(StepTrace::state).containsExactly("RunTiers", "Failover");
        assertThat(steps.get(0).kind()).isEqualTo(StepKind.PLAN);
        assertThat(steps.get(1).tier()).isEqualTo("database");
        assertThat(steps.get(1).execution()).isEqualTo("child");
    }
}
