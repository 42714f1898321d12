package exchange.recovery.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the facts a report states inside the JSON that plans pass around (tier evidence, task results,
 * error causes), by their shape rather than their position, so that a plan may nest them as it likes:
 * <ul>
 *   <li>an integrity check is an object with {@code name} and boolean {@code passed} (and {@code summary},
 *       {@code evidence}) in a {@code checks} list, or a {@code failures} entry {@code {check, summary, evidence}}
 *       of a failed gate's error;</li>
 *   <li>a health check is an object with {@code type}, {@code target} and boolean {@code healthy};</li>
 *   <li>the achieved RPO is a number named {@code rpoSeconds};</li>
 *   <li>a phase reached is an object with text {@code phase} and {@code at} (and a {@code checks} list of
 *       names, the {@code flag} released and whether a hold was {@code lifted}) in a {@code phases} list;</li>
 *   <li>an approval decision is an object with an {@code approvals} list of {@code {approver, decidedAt}}
 *       and an {@code approvalType} or {@code requestId}.</li>
 * </ul>
 */
final class EvidenceScanner {

    private static final int MAX_DEPTH = 8;

    private EvidenceScanner() {
    }

    static List<ReportCheck> integrityChecks(JsonNode node) {
        List<ReportCheck> checks = new ArrayList<>();
        walk(node, 0, (key, value) -> {
            if ("checks".equals(key) && value.isArray()) {
                for (JsonNode check : value) {
                    if (check.hasNonNull("name") && check.path("passed").isBoolean()) {
                        checks.add(new ReportCheck(check.get("name").asText(), check.get("passed").asBoolean(),
                                text(check, "summary"), check.get("evidence")));
                    }
                }
            } else if ("failures".equals(key) && value.isArray()) {
                for (JsonNode failure : value) {
                    if (failure.hasNonNull("check")) {
                        checks.add(new ReportCheck(failure.get("check").asText(), false, text(failure, "summary"),
                                failure.get("evidence")));
                    }
                }
            }
        });
        return distinct(checks);
    }

    static List<ReportCheck> healthChecks(JsonNode node) {
        List<ReportCheck> checks = new ArrayList<>();
        walk(node, 0, (key, value) -> {
            if (value.isObject() && value.path("healthy").isBoolean() && value.hasNonNull("target")) {
                checks.add(new ReportCheck(text(value, "type") + " " + value.get("target").asText(),
                        value.get("healthy").asBoolean(), text(value, "detail"), null));
            }
        });
        return distinct(checks);
    }

    static OptionalDouble rpoSeconds(JsonNode node) {
        double[] found = {Double.NaN};
        walk(node, 0, (key, value) -> {
            if (Double.isNaN(found[0]) && "rpoSeconds".equals(key) && value.isNumber()) {
                found[0] = value.asDouble();
            }
        });
        return Double.isNaN(found[0]) ? OptionalDouble.empty() : OptionalDouble.of(found[0]);
    }

    static List<ReportPhase> phases(JsonNode node) {
        List<ReportPhase> phases = new ArrayList<>();
        walk(node, 0, (key, value) -> {
            if ("phases".equals(key) && value.isArray()) {
                for (JsonNode phase : value) {
                    if (phase.path("phase").isTextual() && phase.hasNonNull("at")) {
                        List<String> checks = new ArrayList<>();
                        phase.path("checks").forEach(check -> checks.add(check.asText()));
                        phases.add(new ReportPhase(phase.get("phase").asText(), instant(phase, "at"), checks,
                                text(phase, "flag"), phase.path("lifted").asBoolean(false)));
                    }
                }
            }
        });
        return phases.stream().distinct().toList();
    }

    static List<ReportApproval> approvals(JsonNode node, String tier) {
        List<ReportApproval> approvals = new ArrayList<>();
        walk(node, 0, (key, value) -> {
            if (value.isObject() && value.path("approvals").isArray()
                    && (value.hasNonNull("approvalType") || value.hasNonNull("requestId"))) {
                List<ReportApproval.Approver> approvers = new ArrayList<>();
                for (JsonNode approval : value.get("approvals")) {
                    if (approval.hasNonNull("approver")) {
                        approvers.add(new ReportApproval.Approver(approval.get("approver").asText(),
                                instant(approval, "decidedAt")));
                    }
                }
                approvals.add(new ReportApproval(text(value, "requestId"), text(value, "approvalType"), tier,
                        value.hasNonNull("outcome") ? value.get("outcome").asText() : "APPROVED",
                        value.path("requiredApprovals").asInt(approvers.size()), approvers,
                        instant(value, "requestedAt"), instant(value, "decidedAt"), null));
            }
        });
        return approvals;
    }

    private interface Visitor {
        void visit(String key, JsonNode value);
    }

    /** Visits every object (with a null key) and every field (with its key), also inside JSON held as text. */
    private static void walk(JsonNode node, int depth, Visitor visitor) {
        if (node == null || depth > MAX_DEPTH) {
            return;
        }
        if (node.isTextual()) {
            if (looksLikeJson(node.asText())) {
                walk(StepTimeline.parse(node.asText()), depth + 1, visitor);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                walk(item, depth + 1, visitor);
            }
        } else if (node.isObject()) {
            visitor.visit(null, node);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                visitor.visit(field.getKey(), field.getValue());
                walk(field.getValue(), depth + 1, visitor);
            }
        }
    }

    private static boolean looksLikeJson(String text) {
        String trimmed = text.trim();
        return trimmed.startsWith("{") && trimmed.endsWith("}");
    }

    private static List<ReportCheck> distinct(List<ReportCheck> checks) {
        List<ReportCheck> result = new ArrayList<>();
        for (ReportCheck check : checks) {
            if (result.stream().noneMatch(seen -> seen.name().equals(check.name()) && seen.passed() == check.passed())) {
                result.add(check);
            }
        }
        return result;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
