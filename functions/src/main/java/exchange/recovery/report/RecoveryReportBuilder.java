package exchange.recovery.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.Tier;
import exchange.recovery.incident.Incident;
import exchange.recovery.incident.TierOutcome;

/** Builds a {@link RecoveryReport} from a {@link RecoveryRecord}. Pure: no I/O, the same record gives the same report. */
public final class RecoveryReportBuilder {

    private static final List<String> HALTED = List.of("FAILED", "TIMED_OUT", "ABORTED");

    public RecoveryReport build(RecoveryRecord record, Instant generatedAt) {
        ExecutionTrace trace = record.execution();
        List<StepTrace> steps = StepTimeline.of(trace);
        ReportIncident incident = incident(record.incident());
        Instant start = firstNonNull(incident == null ? null : incident.stateChangeTime(),
                incident == null ? null : incident.openedAt(), trace.startedAt());
        ReportExecution execution = execution(trace, steps);
        List<ReportTier> tiers = tiers(record, steps);
        List<ReportApproval> approvals = approvals(steps);
        boolean delivered = record.deliveredNotifications() != null;
        List<ReportNotification> notifications = delivered ? record.deliveredNotifications() : planNotifications(steps);
        String source = delivered ? "messages delivered to a queue subscribed to the stack's topics"
                : "the plan's SNS publish steps in the execution history";
        ReportVerdict verdict = verdict(execution, tiers, start, redrive(trace, steps));
        return new RecoveryReport(incident, execution, start, tiers, steps.stream().map(StepTrace::toReportStep).toList(),
                approvals, notifications, source, verdict, generatedAt);
    }

    private static ReportIncident incident(Incident incident) {
        if (incident == null) {
            return null;
        }
        var trigger = incident.trigger();
        return new ReportIncident(incident.incidentId(), incident.plan(), incident.scope(),
                trigger == null ? null : trigger.source(), trigger == null ? null : trigger.alarmName(),
                trigger == null ? null : trigger.reason(), trigger == null ? null : trigger.stateChangeTime(),
                incident.openedAt(), incident.executionId());
    }

    private static ReportExecution execution(ExecutionTrace trace, List<StepTrace> steps) {
        String failedState = null;
        String error = trace.error();
        String cause = FailureText.message(trace.cause());
        if (HALTED.contains(trace.status())) {
            Optional<StepTrace> culprit = culprit(steps);
            if (culprit.isPresent()) {
                failedState = culprit.get().state();
                error = culprit.get().error();
                cause = FailureText.message(culprit.get().cause());
            }
        }
        return new ReportExecution(trace.name(), trace.executionArn(), trace.machineName(), trace.status(),
                trace.startedAt(), trace.stoppedAt(), failedState, error, cause);
    }

    /**
     * A failure a plan declares rather than throws (a Pass state that puts {@code {Error, Cause}} in
     * {@code $.failure}, as a gate that did not pass does): the first step of the Fail state's execution
     * whose output carries one, named by that step.
     */
    private static Optional<StepTrace> declaredFailure(List<StepTrace> steps, StepTrace fail) {
        return steps.stream()
                .filter(step -> step.execution().equals(fail.execution()) && step.kind() == StepKind.PASS && step.output() != null)
                .filter(step -> !step.startedAt().isAfter(fail.startedAt()))
                .filter(step -> step.output().path("failure").path("Error").isTextual()
                        && !step.output().path("failure").path("Error").asText().startsWith("States."))
                .findFirst()
                .map(step -> step.withFailure(step.output().path("failure").path("Error").asText(),
                        step.output().path("failure").path("Cause").asText(null)));
    }

    /**
     * The step whose error stopped the plan: an uncaught task failure; else the first Fail state the plan
     * (or a nested plan) reached, or the named error caught before it in the same execution (a refused
     * restore, say) or declared before it, which says more than the Fail state it led to; else the last caught failure.
     */
    private static Optional<StepTrace> culprit(List<StepTrace> steps) {
        Optional<StepTrace> uncaught = steps.stream()
                .filter(step -> "FAILED".equals(step.status()) && step.kind() != StepKind.FAIL && step.error() != null)
                .findFirst();
        if (uncaught.isPresent()) {
            return uncaught;
        }
        Optional<StepTrace> firstFail = steps.stream().filter(step -> step.kind() == StepKind.FAIL).findFirst();
        if (firstFail.isPresent()) {
            StepTrace fail = firstFail.get();
            StepTrace namedCause = null;
            for (StepTrace step : steps) {
                if (step.execution().equals(fail.execution()) && "CAUGHT".equals(step.status()) && step.error() != null
                        && !step.error().startsWith("States.") && !step.startedAt().isAfter(fail.startedAt())) {
                    namedCause = step;
                }
            }
            if (namedCause == null) {
                namedCause = declaredFailure(steps, fail).orElse(null);
            }
            return Optional.of(namedCause != null ? namedCause : fail);
        }
        StepTrace last = null;
        for (StepTrace step : steps) {
            if ("CAUGHT".equals(step.status())) {
                last = step;
            }
        }
        return Optional.ofNullable(last);
    }

    private static List<ReportTier> tiers(RecoveryRecord record, List<StepTrace> steps) {
        Map<String, TierOutcome> outcomes = new LinkedHashMap<>();
        record.tierOutcomes().forEach(outcome -> outcomes.put(outcome.tier(), outcome));
        List<String> scope = record.incident() == null ? List.of() : record.incident().scope();
        List<ReportTier> tiers = new ArrayList<>();
        for (Tier tier : Tier.values()) {
            TierOutcome outcome = outcomes.get(tier.id());
            List<StepTrace> tierSteps = steps.stream().filter(step -> tier.id().equals(step.tier())).toList();
            JsonNode evidence = outcome == null ? null : outcome.evidence();
            List<ReportCheck> integrity = EvidenceScanner.integrityChecks(evidence);
            List<ReportCheck> health = EvidenceScanner.healthChecks(evidence);
            OptionalDouble rpo = EvidenceScanner.rpoSeconds(evidence);
            for (StepTrace step : tierSteps) {
                JsonNode result = stepResult(step);
                if (integrity.isEmpty()) {
                    integrity = EvidenceScanner.integrityChecks(result);
                }
                if (health.isEmpty()) {
                    health = EvidenceScanner.healthChecks(result);
                }
                if (rpo.isEmpty()) {
                    rpo = EvidenceScanner.rpoSeconds(result);
                }
            }
            // an RPO is achieved only by a recovery that went live: a restore the gate refused achieved none
            boolean live = outcome == null || !"FAILED".equals(outcome.outcome());
            Double rpoSeconds = rpo.isPresent() && live ? rpo.getAsDouble() : null;
            if (outcome == null) {
                tiers.add(new ReportTier(tier.id(), tier.order(), tier.title(), tier.rtoObjective(),
                        tier.rtoBudget().toSeconds(), scope.contains(tier.id()), false, null, null, null, null, null, null,
                        rpoSeconds, integrity, health, EvidenceScanner.phases(evidence)));
            } else {
                tiers.add(new ReportTier(tier.id(), tier.order(), tier.title(), tier.rtoObjective(),
                        tier.rtoBudget().toSeconds(), scope.contains(tier.id()), true, outcome.mode(), outcome.outcome(),
                        outcome.startedAt(), outcome.endedAt(), outcome.rtoSeconds(), outcome.withinObjective(),
                        rpoSeconds, integrity, health, EvidenceScanner.phases(evidence)));
            }
        }
        return tiers;
    }

    /** A step's result, or for a failed step its error's cause (a failed gate explains itself there). */
    private static JsonNode stepResult(StepTrace step) {
        if (step.output() != null) {
            return step.output();
        }
        return step.cause() == null ? null : StepTimeline.parse(step.cause());
    }

    private static List<ReportApproval> approvals(List<StepTrace> steps) {
        Map<String, ReportApproval> approvals = new LinkedHashMap<>();
        for (StepTrace step : steps) {
            for (ReportApproval approval : EvidenceScanner.approvals(step.output(), step.tier())) {
                String key = approval.requestId() != null ? approval.requestId() : step.execution() + "/" + step.state();
                ReportApproval seen = approvals.putIfAbsent(key, approval);
                if (seen != null && seen.tier() == null && approval.tier() != null) {
                    // the same decision, seen again by the step of a tier's plan: that is its tier
                    approvals.put(key, new ReportApproval(seen.requestId(), seen.approvalType(), approval.tier(), seen.outcome(),
                            seen.requiredApprovals(), seen.approvers(), seen.requestedAt(), seen.decidedAt(), seen.detail()));
                }
            }
            if (step.kind() == StepKind.APPROVAL && step.error() != null && !"SUCCEEDED".equals(step.status())) {
                approvals.putIfAbsent(step.execution() + "/" + step.state(), new ReportApproval(null, step.state(),
                        step.tier(), FailureText.shortName(step.error()), 0, List.of(), step.startedAt(), step.endedAt(),
                        FailureText.message(step.cause())));
            }
        }
        return List.copyOf(approvals.values());
    }

    private static List<ReportNotification> planNotifications(List<StepTrace> steps) {
        List<ReportNotification> notifications = new ArrayList<>();
        for (StepTrace step : steps) {
            if (step.kind() != StepKind.NOTIFY || !"SUCCEEDED".equals(step.status()) || step.parameters() == null) {
                continue;
            }
            JsonNode parameters = step.parameters();
            JsonNode message = parameters.path("Message");
            String topicArn = parameters.path("TopicArn").asText("");
            notifications.add(new ReportNotification(step.endedAt(), topicArn.substring(topicArn.lastIndexOf(':') + 1),
                    parameters.path("Subject").asText(null),
                    message.isTextual() ? message.asText() : Json.write(message), "plan"));
        }
        return notifications;
    }

    /**
     * How to resume a halted plan: the plan's own redrive input when a step of it put one in its output
     * ({@code redriveInput}: start the plan again with it, passed tiers are skipped), else Step Functions'
     * redrive of the failed execution.
     */
    private static Optional<String> redrive(ExecutionTrace trace, List<StepTrace> steps) {
        for (StepTrace step : steps) {
            if (step.execution().equals(trace.name()) && step.output() != null && step.output().path("redriveInput").isObject()) {
                return Optional.of("aws stepfunctions start-execution --state-machine-arn " + trace.stateMachineArn()
                        + " --input '" + Json.write(step.output().get("redriveInput")).replace("'", "'\\''") + "'");
            }
        }
        return Optional.empty();
    }

    private static ReportVerdict verdict(ReportExecution execution, List<ReportTier> tiers, Instant start,
                                         Optional<String> planRedrive) {
        List<String> reasons = new ArrayList<>();
        List<ReportTier> reported = tiers.stream().filter(ReportTier::reported).toList();
        if (execution.running()) {
            reasons.add("The plan is still running.");
            reported.forEach(tier -> reasons.add(tierSentence(tier)));
            return new ReportVerdict(ReportVerdict.Outcome.IN_PROGRESS, "Recovery in progress", reasons, null);
        }
        if (HALTED.contains(execution.status())) {
            String where = execution.failedState() == null ? "" : " at " + execution.failedState();
            reasons.add("The plan " + execution.status().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + where
                    + (execution.error() == null ? "" : ": " + FailureText.shortName(execution.error()))
                    + (execution.cause() == null || execution.cause().isBlank() ? "" : " — " + execution.cause()));
            reported.forEach(tier -> reasons.add(tierSentence(tier)));
            reasons.add(planRedrive.isPresent()
                    ? "Fix the cause, then start the plan again with its redrive input: tiers that passed are skipped."
                    : "Fix the cause, then redrive the execution: it resumes from the state that failed.");
            return new ReportVerdict(ReportVerdict.Outcome.HALTED, "Recovery halted" + where, reasons,
                    planRedrive.orElse("aws stepfunctions redrive-execution --execution-arn " + execution.arn()));
        }
        List<ReportTier> failed = reported.stream().filter(tier -> "FAILED".equals(tier.outcome())).toList();
        if (!failed.isEmpty()) {
            failed.forEach(tier -> reasons.add(tierSentence(tier)));
            return new ReportVerdict(ReportVerdict.Outcome.HALTED, "Tier " + failed.get(0).tier() + " failed", reasons, null);
        }
        if (reported.isEmpty()) {
            String elapsed = execution.stoppedAt() == null || start == null ? ""
                    : " " + Durations.format(Duration.between(start, execution.stoppedAt())) + " after the trigger";
            reasons.add("The plan succeeded" + elapsed + " but recorded no tier outcome, so no tier's RTO was measured.");
            return new ReportVerdict(ReportVerdict.Outcome.NOT_MEASURED, "Plan completed; RTO not measured", reasons, null);
        }
        reported.forEach(tier -> reasons.add(tierSentence(tier)));
        List<ReportTier> late = reported.stream().filter(tier -> !Boolean.TRUE.equals(tier.withinObjective())).toList();
        if (!late.isEmpty()) {
            return new ReportVerdict(ReportVerdict.Outcome.OBJECTIVE_MISSED, "Recovered, but "
                    + late.stream().map(ReportTier::tier).toList() + " missed the objective", reasons, null);
        }
        return new ReportVerdict(ReportVerdict.Outcome.RECOVERED, "Recovered within every objective", reasons, null);
    }

    private static String tierSentence(ReportTier tier) {
        String rto = tier.rtoSeconds() == null ? "" : " in " + Durations.format(Duration.ofSeconds(tier.rtoSeconds()));
        String objective = " (objective: " + tier.rtoObjective() + ", budget "
                + Durations.format(Duration.ofSeconds(tier.rtoBudgetSeconds())) + ")";
        String outcome = tier.outcome() == null ? "reported" : tier.outcome().toLowerCase(java.util.Locale.ROOT);
        if ("FAILED".equals(tier.outcome())) {
            List<String> failed = new ArrayList<>();
            tier.integrityChecks().stream().filter(check -> !check.passed()).forEach(check -> failed.add(
                    "integrity check " + check.name() + (check.summary() == null ? "" : " (" + check.summary() + ")")));
            tier.healthChecks().stream().filter(check -> !check.passed()).forEach(check -> failed.add(
                    "health of " + check.name() + (check.summary() == null ? "" : " (" + check.summary() + ")")));
            return "Tier " + tier.order() + " " + tier.tier() + " failed" + rto + (failed.isEmpty() ? "."
                    : ": " + String.join("; ", failed) + " failed.");
        }
        return "Tier " + tier.order() + " " + tier.tier() + " " + outcome + rto + objective
                + (Boolean.FALSE.equals(tier.withinObjective()) ? ": objective missed." : ".");
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
