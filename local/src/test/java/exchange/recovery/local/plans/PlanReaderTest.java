package exchange.recovery.local.plans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import exchange.recovery.report.StepKind;

class PlanReaderTest {

    @TempDir
    static Path project;
    private static PlanCatalog catalog;

    @BeforeAll
    static void writeProject() throws IOException {
        Files.createDirectories(project.resolve("statemachines"));
        Files.writeString(project.resolve("template.yaml"), """
                Transform: AWS::Serverless-2016-10-31
                Parameters:
                  AlarmNamePrefix:
                    Type: String
                    Default: exchange-
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                  GateFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: exchange.recovery.integrity.IntegrityCheckHandler::handleRequest
                      CodeUri: functions/target/lambda.jar
                  ApprovalFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: exchange.recovery.approval.RequestApprovalHandler::handleRequest
                      CodeUri: functions/target/lambda.jar
                  RouterFunction:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: exchange.recovery.router.RouteAlarmHandler::handleRequest
                      CodeUri: functions/target/lambda.jar
                      Environment:
                        Variables:
                          PLAN_ARN: !Ref PlanStateMachine
                  DatabaseTierStateMachine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachines/database-tier.asl.json
                      DefinitionSubstitutions:
                        GateFunctionArn: !Ref GateFunction.Alias
                  PlanStateMachine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachines/plan.asl.json
                      DefinitionSubstitutions:
                        DatabaseTierArn: !Ref DatabaseTierStateMachine
                        ApprovalFunctionArn: !GetAtt ApprovalFunction.Arn
                        TopicArn: !Ref Topic
                      Events:
                        Alarm:
                          Type: EventBridgeRule
                          Properties:
                            Pattern:
                              source: [aws.cloudwatch]
                              detail:
                                alarmName: [{prefix: !Ref AlarmNamePrefix}]
                """);
        Files.writeString(project.resolve("statemachines/database-tier.asl.json"), """
                {"Comment": "Tier 1", "StartAt": "GateDatabase", "States": {
                  "GateDatabase": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "${GateFunctionArn}", "Payload": {"tier": "database"}},
                    "TimeoutSeconds": 120, "End": true}}}
                """);
        Files.writeString(project.resolve("statemachines/plan.asl.json"), """
                {"Comment": "The plan", "StartAt": "ChooseMode", "States": {
                  "Halted": {"Type": "Fail", "Error": "RecoveryHalted", "Cause": "a gate failed"},
                  "ChooseMode": {"Type": "Choice",
                    "Choices": [{"Variable": "$.mode", "StringEquals": "RECOVER", "Next": "RunDatabaseTier"}],
                    "Default": "VerifyAll"},
                  "RunDatabaseTier": {"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2",
                    "Parameters": {"StateMachineArn": "${DatabaseTierArn}", "Input.$": "$"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Halted"}], "Next": "WaitForReplication"},
                  "WaitForReplication": {"Type": "Wait", "Seconds": 30, "Next": "AwaitWithdrawalApproval"},
                  "AwaitWithdrawalApproval": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "${ApprovalFunctionArn}", "Payload": {"taskToken.$": "$$.Task.Token"}},
                    "TimeoutSeconds": 3600, "HeartbeatSeconds": 600,
                    "Retry": [{"ErrorEquals": ["exchange.recovery.core.TransientFailure"], "MaxAttempts": 2}],
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Halted"}], "Next": "Announce"},
                  "Announce": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish",
                    "Parameters": {"TopicArn": "${TopicArn}", "Subject": "Recovered", "Message.$": "$"}, "Next": "Done"},
                  "VerifyAll": {"Type": "Parallel", "Next": "Done", "Branches": [
                    {"StartAt": "VerifyTradingApiHealth", "States": {"VerifyTradingApiHealth": {"Type": "Pass", "End": true}}},
                    {"StartAt": "VerifyMarketDataHealth", "States": {"VerifyMarketDataHealth": {"Type": "Pass", "End": true}}}]},
                  "Done": {"Type": "Succeed"}}}
                """);
        catalog = PlanCatalog.load(project);
    }

    @Test
    void plans_areTheStateMachinesNoOtherOneStarts() {
        assertThat(catalog.allNames()).containsExactly("database-tier", "plan");
        assertThat(catalog.planNames()).containsExactly("plan");
    }

    @Test
    void states_areReadFromStartAt_eachPathToItsEnd_thenTheErrorPaths() {
        PlanMachine plan = new PlanReader(catalog).read("plan");

        assertThat(plan.states()).extracting(PlanState::name).containsExactly("ChooseMode", "RunDatabaseTier",
                "WaitForReplication", "AwaitWithdrawalApproval", "Announce", "Done", "Halted", "VerifyAll");
        assertThat(plan.states().get(0).edges()).extracting(PlanEdge::label)
                .containsExactly("$.mode == \"RECOVER\"", "otherwise");
    }

    @Test
    void nestedPlans_areFollowedThroughTheTemplatesSubstitutions() {
        PlanState run = state(new PlanReader(catalog).read("plan"), "RunDatabaseTier");

        assertThat(run.kind()).isEqualTo(StepKind.PLAN);
        assertThat(run.action()).isEqualTo("starts the nested plan database-tier (DatabaseTierStateMachine) and waits for it to end");
        assertThat(run.nested().states()).singleElement().satisfies(gate -> {
            assertThat(gate.kind()).isEqualTo(StepKind.GATE);
            assertThat(gate.tier()).isEqualTo("database");
            assertThat(gate.action()).isEqualTo("Lambda GateFunction (exchange.recovery.integrity.IntegrityCheckHandler)");
            assertThat(gate.timeoutSeconds()).isEqualTo(120);
        });
        assertThat(run.edges()).contains(new PlanEdge("Halted", "any error", true));
    }

    @Test
    void approvalsWaitsAndBranches_areNamed() {
        PlanMachine plan = new PlanReader(catalog).read("plan");

        PlanState approval = state(plan, "AwaitWithdrawalApproval");
        assertThat(approval.kind()).isEqualTo(StepKind.APPROVAL);
        assertThat(approval.tier()).isEqualTo("deposits-withdrawals");
        assertThat(approval.action()).contains("ApprovalFunction (exchange.recovery.approval.RequestApprovalHandler)")
                .contains("the approvers' decision");
        assertThat(approval.timeoutSeconds()).isEqualTo(3600);
        assertThat(approval.heartbeatSeconds()).isEqualTo(600);
        assertThat(approval.retry()).isEqualTo("2 retries on TransientFailure (first after 1 s, backoff ×2)");
        assertThat(state(plan, "WaitForReplication").action()).isEqualTo("waits 30 s");
        assertThat(state(plan, "Announce").action()).isEqualTo("SNS publish \"Recovered\" to Topic");
        assertThat(state(plan, "VerifyAll").branches()).hasSize(2);
        assertThat(plan.allStates()).extracting(PlanState::name).contains("VerifyTradingApiHealth", "GateDatabase");
    }

    @Test
    void triggers_nameTheRulesTheFunctionsThatStartThePlanAndTheConsole() {
        PlanMachine plan = new PlanReader(catalog).read("plan");

        assertThat(plan.triggers()).containsExactly(
                "EventBridge rule Alarm: source = aws.cloudwatch; detail.alarmName prefix the value of parameter AlarmNamePrefix (default \"exchange-\")",
                "function RouterFunction (exchange.recovery.router.RouteAlarmHandler) starts it",
                "an operator: StartExecution (Step Functions console or CLI) with the plan's input");
        assertThat(new PlanReader(catalog).read("database-tier").triggers())
                .containsExactly("plan plan starts it as a nested plan");
    }

    @Test
    void theTextAndTheRunbook_listTiersGatesApprovalsWaitsAndHalts() {
        PlanMachine plan = new PlanReader(catalog).read("plan");

        assertThat(PlanText.render(plan)).contains("Tiers      database, deposits-withdrawals, trading-api, market-data")
                .contains("Gates      GateDatabase")
                .contains("Approvals  AwaitWithdrawalApproval")
                .contains("Waits      WaitForReplication (waits 30 s); AwaitWithdrawalApproval (callback, times out after 3600 s, heartbeat 600 s)")
                .contains("Halts      Halted")
                .contains("    nested plan database-tier (statemachines/database-tier.asl.json):");
        String runbook = Runbook.render(plan);
        assertThat(runbook).startsWith("# Runbook: plan\n")
                .contains("```mermaid\nflowchart TD\n")
                .contains("subgraph m_RunDatabaseTier_n[\"nested plan database-tier\"]")
                .contains("m_RunDatabaseTier_n_GateDatabase{{\"GateDatabase · database · gate\"}}:::gate")
                .contains("m_AwaitWithdrawalApproval[/\"AwaitWithdrawalApproval · deposits-withdrawals · approval\"/]:::approval")
                .contains("m_ChooseMode -->|\"$.mode == #quot;RECOVER#quot;\"| m_RunDatabaseTier")
                .contains("m_RunDatabaseTier -.->|\"any error\"| m_Halted")
                .contains("| 2.1 | `GateDatabase` | database | gate |");
    }

    @Test
    void anUnknownPlan_namesThePlansThereAre() {
        assertThatThrownBy(() -> new PlanReader(catalog).read("nope"))
                .isInstanceOf(UnknownPlan.class).hasMessageContaining("[database-tier, plan]");
    }

    private static PlanState state(PlanMachine plan, String name) {
        return plan.allStates().stream().filter(state -> state.name().equals(name)).findFirst().orElseThrow();
    }
}
