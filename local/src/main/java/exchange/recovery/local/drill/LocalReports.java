package exchange.recovery.local.drill;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import exchange.recovery.core.Json;
import exchange.recovery.incident.Incident;
import exchange.recovery.incident.IncidentStore;
import exchange.recovery.incident.TierOutcome;
import exchange.recovery.report.ExecutionTrace;
import exchange.recovery.report.ExecutionTraces;
import exchange.recovery.report.RecoveryRecord;
import exchange.recovery.report.RecoveryReport;
import exchange.recovery.report.RecoveryReportBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import exchange.recovery.local.stack.DrillHarness;

/**
 * Builds a plan execution's recovery report from the local stack exactly as the report step does in AWS
 * (incident record + execution history), with the notifications the inbox received.
 */
final class LocalReports {

    private static final String INCIDENT_TABLE = "IncidentTable";

    private LocalReports() {
    }

    static RecoveryReport build(DrillHarness harness, String executionArn, Clock clock) {
        ExecutionTrace trace = new ExecutionTraces(harness.aws().clients().stepFunctions()).read(executionArn);
        Incident incident = null;
        List<TierOutcome> tiers = List.of();
        Optional<String> table = Optional.ofNullable(harness.stack().physicalIds().get(INCIDENT_TABLE));
        if (table.isPresent()) {
            IncidentStore store = new IncidentStore(harness.aws().clients().dynamoDb(), table.get());
            Optional<String> incidentId = incidentOf(harness, table.get(), trace);
            if (incidentId.isPresent()) {
                incident = store.find(incidentId.get()).orElse(null);
                tiers = store.tiers(incidentId.get());
            }
        }
        RecoveryRecord record = new RecoveryRecord(incident, tiers, trace, harness.inbox().asReportNotifications());
        return new RecoveryReportBuilder().build(record, clock.instant());
    }

    /**
     * The incident the execution works on, as its input names it (a resumed plan's execution is not the one
     * the incident record names); else the incident whose record names the execution.
     */
    private static Optional<String> incidentOf(DrillHarness harness, String table, ExecutionTrace trace) {
        Optional<String> named = trace.events().stream()
                .filter(event -> event.type() == HistoryEventType.EXECUTION_STARTED && event.executionStartedEventDetails() != null)
                .map(event -> {
                    try {
                        return Json.read(event.executionStartedEventDetails().input()).path("incidentId").asText("");
                    } catch (RuntimeException notJson) {
                        return "";
                    }
                })
                .filter(incidentId -> !incidentId.isBlank())
                .findFirst();
        if (named.isPresent()) {
            return named;
        }
        String executionArn = trace.executionArn();
        return harness.aws().clients().dynamoDb().scanPaginator(b -> b.tableName(table)
                        .filterExpression("executionId = :execution")
                        .expressionAttributeValues(Map.of(":execution", AttributeValue.fromS(executionArn))))
                .items().stream().map(item -> item.get("incidentId").s()).findFirst();
    }
}
