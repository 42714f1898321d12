package exchange.recovery.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;

/** Wording shared by the Markdown and HTML renderers, so that both say the same thing. */
final class ReportText {

    static final int EVIDENCE_CHARS = 240;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ReportText() {
    }

    static String title(RecoveryReport report) {
        return "Recovery report — " + (report.incidentId() == null ? report.execution().name() : report.incidentId());
    }

    static String time(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

    /** How long after the report's start (the trigger) something happened: {@code +1.2 s}. */
    static String offset(RecoveryReport report, Instant instant) {
        if (instant == null || report.startedAt() == null) {
            return "—";
        }
        Duration since = Duration.between(report.startedAt(), instant);
        return (since.isNegative() ? "−" : "+") + Durations.format(since.abs());
    }

    static String duration(Instant from, Instant to) {
        return from == null || to == null ? "—" : Durations.format(Duration.between(from, to));
    }

    static String seconds(Long seconds) {
        return seconds == null ? "—" : Durations.format(Duration.ofSeconds(seconds));
    }

    static String rpo(Double seconds) {
        return seconds == null ? "—" : Durations.seconds(seconds);
    }

    static String scope(ReportTier tier) {
        return tier.inScope() ? "in scope" : "outside scope";
    }

    static String outcome(ReportTier tier) {
        return tier.reported() ? tier.outcome() : "not reported";
    }

    static String within(ReportTier tier) {
        if (tier.withinObjective() == null) {
            return "—";
        }
        return tier.withinObjective() ? "yes" : "no";
    }

    /**
     * The execution that first ran the incident, when this report's execution is a later one (an operator's
     * redrive after a halt): its name, for the reader to find its own report.
     */
    static Optional<String> resumedFrom(RecoveryReport report) {
        ReportIncident incident = report.incident();
        if (incident == null || incident.executionId() == null || incident.executionId().equals(report.execution().arn())) {
            return Optional.empty();
        }
        String first = incident.executionId();
        return Optional.of(first.substring(first.lastIndexOf(':') + 1));
    }

    static String trigger(ReportIncident incident) {
        if (incident == null) {
            return "—";
        }
        if ("ALARM".equals(incident.triggerSource())) {
            return "alarm " + incident.alarmName() + (incident.triggerReason() == null ? "" : " — " + incident.triggerReason());
        }
        return "console start" + (incident.triggerReason() == null ? "" : " — " + incident.triggerReason());
    }

    static String scopeList(ReportIncident incident) {
        return incident == null || incident.scope().isEmpty() ? "none named" : String.join(", ", incident.scope());
    }

    static String approvers(ReportApproval approval) {
        if (approval.approvers().isEmpty()) {
            return "—";
        }
        return approval.approvers().stream()
                .map(approver -> approver.approver() + " (" + time(approver.decidedAt()) + ")")
                .collect(Collectors.joining(", "));
    }

    static String tierName(String tier) {
        return tier == null ? "plan" : tier;
    }

    static String evidence(JsonNode evidence) {
        if (evidence == null || evidence.isNull() || evidence.isMissingNode() || evidence.isEmpty() && evidence.isContainerNode()) {
            return "—";
        }
        String text = evidence.isTextual() ? evidence.asText() : Json.write(evidence);
        return text.length() <= EVIDENCE_CHARS ? text : text.substring(0, EVIDENCE_CHARS - 1) + "…";
    }

    static String status(String status) {
        return status == null ? "—" : status;
    }

    static String kind(ReportStep step) {
        return step.kind() == null ? "—" : step.kind().label();
    }

    static String verdictLabel(ReportVerdict verdict) {
        return verdict.outcome().name().replace('_', ' ');
    }

    /** Whether a phase lifted the incident's hold on its flag: {@code ; hold on trading-cancels lifted}. */
    static String lifted(ReportPhase phase) {
        if (phase.flag() == null) {
            return "";
        }
        return phase.lifted() ? "; the incident's hold on " + phase.flag() + " lifted"
                : "; the incident held no " + phase.flag() + " hold";
    }

    static List<ReportTier> tiersWithChecks(RecoveryReport report, boolean integrity) {
        return report.tiers().stream()
                .filter(tier -> !(integrity ? tier.integrityChecks() : tier.healthChecks()).isEmpty())
                .toList();
    }

    static String lower(String text) {
        return text == null ? "" : text.toLowerCase(Locale.ROOT);
    }
}
