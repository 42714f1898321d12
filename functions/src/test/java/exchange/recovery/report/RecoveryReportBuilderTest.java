package exchange.recovery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.Tier;

class RecoveryReportBuilderTest {

    private static final Instant NOW = Instant.parse("2026-11-28T03:10:00Z");
    private final RecoveryReportBuilder builder = new RecoveryReportBuilder();

    private static History plan() {
        return new History(Records.ALARM_TIME).lambda("OpenIncident", "{}", "{}")
                .enter("Task", "AnnounceStart")
                .scheduled("sns", "publish", "{\"TopicArn\":\"arn:aws:sns:us-east-1:1:exchange-recovery-NotificationTopic\","
                        + "\"Subject\":\"Recovery started\",\"Message\":{\"event\":\"RECOVERY_STARTED\"}}")
                .succeeded("sns", "publish", "{}").exit("Task", "AnnounceStart", "{}");
    }

    @Test
    void everyTierWithinItsObjective_isRecovered() {
        RecoveryRecord record = new RecoveryRecord(Records.incident("database"),
                List.of(Records.outcome(Tier.DATABASE, "RECOVER", "RECOVERED", 600, Records.gateReport(true)),
                        Records.outcome(Tier.WALLET, "VERIFY", "VERIFIED", 620, null)),
                plan().executionSucceeded().trace("SUCCEEDED"), null);

        RecoveryReport report = builder.build(record, NOW);

        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.RECOVERED);
        assertThat(report.verdict().reasons()).anySatisfy(reason -> assertThat(reason)
                .contains("Tier 1 database recovered in 10 min").contains("minutes to hours"));
        assertThat(report.tiers()).hasSize(6).extracting(ReportTier::tier)
                .containsExactly("database", "wallet", "matching-engine", "trading-api", "market-data", "deposits-withdrawals");
        ReportTier database = report.tier("database").orElseThrow();
        assertThat(database.inScope()).isTrue();
        assertThat(database.rtoSeconds()).isEqualTo(600);
        assertThat(database.rpoSeconds()).isEqualTo(42.5);
        assertThat(database.integrityChecks()).extracting(ReportCheck::name).containsExactly("ledger-balanced", "no-negative-balance");
        assertThat(report.tier("wallet").orElseThrow().inScope()).isFalse();
        assertThat(report.tier("trading-api").orElseThrow().reported()).isFalse();
        assertThat(report.startedAt()).isEqualTo(Records.ALARM_TIME);
    }

    @Test
    void aTierThatFailed_achievedNoRpo_evenWhenItsRestoreNamedOne() {
        RecoveryRecord record = new RecoveryRecord(Records.incident("database"),
                List.of(Records.outcome(Tier.DATABASE, "RECOVER", "FAILED", 60, Records.gateReport(false))),
                plan().executionSucceeded().trace("FAILED"), null);

        ReportTier database = builder.build(record, NOW).tier("database").orElseThrow();

        assertThat(database.outcome()).isEqualTo("FAILED");
        assertThat(database.rpoSeconds()).isNull();
    }

    @Test
    void aTierOverItsBudget_missesTheObjective() {
        RecoveryRecord record = new RecoveryRecord(Records.incident("trading-api"),
                List.of(Records.outcome(Tier.TRADING_API, "RECOVER", "RECOVERED", 300, null)),
                plan().executionSucceeded().trace("SUCCEEDED"), null);

        RecoveryReport report = builder.build(record, NOW);

        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.OBJECTIVE_MISSED);
        assertThat(report.verdict().summary()).contains("trading-api");
        assertThat(report.tier("trading-api").orElseThrow().withinObjective()).isFalse();
    }

    @Test
    void aFailedGate_haltsThePlan_namingTheStepTheErrorTheEvidenceAndTheRedrive() {
        History history = plan().enter("Task", "GateDatabase")
                .scheduled("lambda", "invoke", "{\"Payload\":{\"tier\":\"database\"}}")
                .failed("lambda", "invoke", "exchange.recovery.integrity.IntegrityCheckFailed",
                        "{\"errorType\":\"exchange.recovery.integrity.IntegrityCheckFailed\",\"errorMessage\":"
                                + "\"{\\\"failedChecks\\\":[\\\"journal-contiguous\\\"],\\\"failures\\\":[{\\\"check\\\":\\\"journal-contiguous\\\","
                                + "\\\"summary\\\":\\\"gap after 41\\\",\\\"evidence\\\":{\\\"firstGap\\\":42}}]}\"}")
                .exit("Task", "GateDatabase", "{}")
                .enter("Fail", "RecoveryFailed").executionFailed("RecoveryFailed", "A recovery step failed");

        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident("database"), List.of(),
                history.trace("FAILED"), null), NOW);

        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.HALTED);
        assertThat(report.execution().failedState()).isEqualTo("GateDatabase");
        assertThat(report.execution().error()).isEqualTo("exchange.recovery.integrity.IntegrityCheckFailed");
        assertThat(report.verdict().reasons().get(0)).contains("at GateDatabase").contains("IntegrityCheckFailed");
        assertThat(report.verdict().redrive()).isEqualTo("aws stepfunctions redrive-execution --execution-arn "
                + history.trace("FAILED").executionArn());
        ReportCheck gap = report.tier("database").orElseThrow().integrityChecks().get(0);
        assertThat(gap.name()).isEqualTo("journal-contiguous");
        assertThat(gap.passed()).isFalse();
        assertThat(gap.evidence().path("firstGap").asInt()).isEqualTo(42);
    }

    @Test
    void aHaltInANestedPlan_isExplainedByItsFirstFailState_andTheRedriveUsesThePlansRedriveInput() {
        History parent = new History(Records.ALARM_TIME).enter("Task", "RecoverTier")
                .scheduled("states", "startExecution.sync:2", "{\"Input\":{\"tier\":\"deposits-withdrawals\"}}")
                .failed("states", "startExecution.sync:2", "States.TaskFailed", "{\"ExecutionArn\":\"arn:child\",\"Status\":\"FAILED\"}")
                .exit("Task", "RecoverTier", "{}")
                .enter("Pass", "Halted").exit("Pass", "Halted", "{\"redriveInput\":{\"incidentId\":\"INC\",\"resume\":true}}")
                .enter("Fail", "RecoveryHalted").executionFailed("RecoveryHalted", "A tier failed");
        History child = new History(Records.ALARM_TIME.plusSeconds(1)).lambda("ReconcileWallets", "{}", "{\"report\":{\"passed\":false}}")
                .enter("Fail", "ReconciliationFailed").executionFailed("ReconciliationFailed", "Ledger and chain disagree");
        ExecutionTrace childTrace = new ExecutionTrace("arn:child", "child", "arn:aws:states:us-east-1:1:stateMachine:x-WithdrawalResumptionStateMachine",
                "FAILED", Records.ALARM_TIME.plusSeconds(1), Records.ALARM_TIME.plusSeconds(4), "ReconciliationFailed", "x",
                child.events(), List.of());
        ExecutionTrace parentTrace = parent.trace("FAILED");
        ExecutionTrace trace = new ExecutionTrace(parentTrace.executionArn(), parentTrace.name(), parentTrace.stateMachineArn(),
                "FAILED", parentTrace.startedAt(), parentTrace.stoppedAt(), "RecoveryHalted", "A tier failed", parentTrace.events(),
                List.of(childTrace));

        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident("database"), List.of(), trace, null), NOW);

        assertThat(report.execution().failedState()).isEqualTo("ReconciliationFailed");
        assertThat(report.execution().cause()).isEqualTo("Ledger and chain disagree");
        assertThat(report.verdict().redrive()).isEqualTo("aws stepfunctions start-execution --state-machine-arn "
                + trace.stateMachineArn() + " --input '{\"incidentId\":\"INC\",\"resume\":true}'");
        assertThat(report.verdict().reasons()).anySatisfy(reason -> assertThat(reason).contains("redrive input"));
    }

    @Test
    void aFailureDeclaredByAPassState_explainsTheHalt_ratherThanTheFailStateItLedTo() {
        History history = plan().enter("Pass", "Prepare").exit("Pass", "Prepare", "{\"tier\":\"database\"}")
                .enter("Pass", "RestoredDataRejected").exit("Pass", "RestoredDataRejected",
                        "{\"failure\":{\"Error\":\"IntegrityCheckFailed\",\"Cause\":\"The restored database failed its integrity checks\"}}")
                .enter("Pass", "Later").exit("Pass", "Later",
                        "{\"failure\":{\"Error\":\"IntegrityCheckFailed\",\"Cause\":\"The restored database failed its integrity checks\"}}")
                .enter("Fail", "TierFailed").executionFailed("TierFailed", "The tier could not be recovered");

        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident("database"), List.of(),
                history.trace("FAILED"), null), NOW);

        assertThat(report.execution().failedState()).isEqualTo("RestoredDataRejected");
        assertThat(report.execution().error()).isEqualTo("IntegrityCheckFailed");
        assertThat(report.execution().cause()).isEqualTo("The restored database failed its integrity checks");
    }

    @Test
    void aPlanThatRecordsNoTier_isNotMeasured_andSaysHowLongItTook() {
        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident(), List.of(),
                plan().executionSucceeded().trace("SUCCEEDED"), null), NOW);

        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.NOT_MEASURED);
        assertThat(report.verdict().reasons().get(0)).contains("recorded no tier outcome");
        assertThat(report.tiers()).noneMatch(ReportTier::reported);
    }

    @Test
    void aRunningPlan_isInProgress() {
        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident(), List.of(), plan().trace("RUNNING"), null), NOW);

        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.IN_PROGRESS);
        assertThat(report.verdict().redrive()).isNull();
    }

    @Test
    void notifications_comeFromThePlansPublishSteps_unlessDeliveredOnesAreGiven() {
        ExecutionTrace trace = plan().executionSucceeded().trace("SUCCEEDED");

        RecoveryReport fromHistory = builder.build(new RecoveryRecord(Records.incident(), List.of(), trace, null), NOW);
        RecoveryReport delivered = builder.build(new RecoveryRecord(Records.incident(), List.of(), trace,
                List.of(new ReportNotification(NOW, "approvals", "Approval needed", "open https://x", "delivered"))), NOW);

        assertThat(fromHistory.notifications()).singleElement().satisfies(notification -> {
            assertThat(notification.subject()).isEqualTo("Recovery started");
            assertThat(notification.topic()).isEqualTo("exchange-recovery-NotificationTopic");
            assertThat(notification.message()).contains("RECOVERY_STARTED");
        });
        assertThat(fromHistory.notificationsSource()).contains("execution history");
        assertThat(delivered.notifications()).extracting(ReportNotification::subject).containsExactly("Approval needed");
        assertThat(delivered.notificationsSource()).contains("delivered");
    }

    @Test
    void approvals_comeFromTheDecisionRecordTheApprovalTaskReturned() {
        History history = plan().enter("Task", "AwaitWithdrawalApproval")
                .scheduled("lambda", "invoke.waitForTaskToken", "{}")
                .succeeded("lambda", "invoke.waitForTaskToken", """
                        {"requestId":"REQ-1","incidentId":"INC","approvalType":"withdrawal-resumption","outcome":"APPROVED",
                         "requiredApprovals":2,"approvals":[{"approver":"alice","decidedAt":"2026-11-28T03:05:00Z"},
                         {"approver":"bob","decidedAt":"2026-11-28T03:06:00Z"}],
                         "requestedAt":"2026-11-28T03:04:00Z","decidedAt":"2026-11-28T03:06:00Z"}""")
                .exit("Task", "AwaitWithdrawalApproval", "{}").executionSucceeded();

        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident(), List.of(), history.trace("SUCCEEDED"), null), NOW);

        assertThat(report.approvals()).singleElement().satisfies(approval -> {
            assertThat(approval.approvalType()).isEqualTo("withdrawal-resumption");
            assertThat(approval.outcome()).isEqualTo("APPROVED");
            assertThat(approval.requiredApprovals()).isEqualTo(2);
            assertThat(approval.tier()).isEqualTo("deposits-withdrawals");
            assertThat(approval.approvers()).extracting(ReportApproval.Approver::approver).containsExactly("alice", "bob");
            assertThat(approval.approvers().get(1).decidedAt()).isEqualTo(Instant.parse("2026-11-28T03:06:00Z"));
        });
    }

    @Test
    void aRejectedApproval_isReportedWithItsReason() {
        History history = plan().enter("Task", "AwaitWithdrawalApproval")
                .scheduled("lambda", "invoke.waitForTaskToken", "{}")
                .failed("lambda", "invoke.waitForTaskToken", "ApprovalRejected", "carol: reconciliation still off by 2 BTC")
                .exit("Task", "AwaitWithdrawalApproval", "{}")
                .enter("Fail", "WithdrawalsStayPaused").executionFailed("ApprovalRejected", "rejected");

        RecoveryReport report = builder.build(new RecoveryRecord(Records.incident(), List.of(), history.trace("FAILED"), null), NOW);

        assertThat(report.approvals()).singleElement().satisfies(approval -> {
            assertThat(approval.outcome()).isEqualTo("ApprovalRejected");
            assertThat(approval.detail()).contains("reconciliation still off");
        });
    }

    @Test
    void noIncident_stillReportsTheExecution() {
        History history = new History(Records.ALARM_TIME).enter("Task", "OpenIncident").scheduled("lambda", "invoke", "{}")
                .failed("lambda", "invoke", "exchange.recovery.core.InvalidInput", "{\"errorMessage\":\"executionId is required\"}")
                .exit("Task", "OpenIncident", "{}").enter("Fail", "RecoveryFailed").executionFailed("RecoveryFailed", "x");

        RecoveryReport report = builder.build(new RecoveryRecord(null, List.of(), history.trace("FAILED"), null), NOW);

        assertThat(report.incident()).isNull();
        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.HALTED);
        assertThat(report.execution().cause()).isEqualTo("executionId is required");
        assertThat(report.startedAt()).isEqualTo(Records.ALARM_TIME);
    }
}
