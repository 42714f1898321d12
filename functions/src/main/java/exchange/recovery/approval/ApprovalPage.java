package exchange.recovery.approval;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.approval.PageView.DecisionForm;
import exchange.recovery.approval.PageView.DecisionRecorded;
import exchange.recovery.approval.PageView.Refusal;

import exchange.recovery.core.Digests;

/**
 * Renders the approval page server-side: one self-contained HTML document (inline style allowed by
 * its hash in the Content-Security-Policy, no scripts, no external assets), readable on a phone, with
 * every value from the request escaped.
 */
public final class ApprovalPage {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int MAX_DEPTH = 6;
    private static final int MAX_ITEMS = 200;

    static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;padding:1rem;color:#1b1f24;background:#f6f8fa;line-height:1.45}
            main{max-width:46rem;margin:0 auto;background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.25rem}
            h1{font-size:1.35rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
            table{border-collapse:collapse;width:100%;font-size:.92rem;margin:.3rem 0}
            th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            th{background:#f0f3f6;font-weight:600;width:38%;overflow-wrap:normal}
            .status{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-weight:600}
            .PENDING{background:#fff8c5}.APPROVED{background:#dafbe1}.REJECTED,.EXPIRED{background:#ffebe9}
            .pass{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
            form{margin:1rem 0;padding:.8rem;border:1px solid #d0d7de;border-radius:6px}
            button{font-size:1.05rem;padding:.7rem 1.4rem;border-radius:6px;border:1px solid transparent;cursor:pointer;width:100%}
            .approve{background:#1f883d;color:#fff}.reject{background:#cf222e;color:#fff}
            textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit;margin:.3rem 0 .6rem}
            .card{border:1px solid #d0d7de;border-radius:6px;padding:.4rem .6rem;margin:.5rem 0;background:#fbfcfd}
            h3,h4,h5,h6{font-size:1rem;margin:.9rem 0 .3rem}
            .digest{font-family:ui-monospace,monospace;font-size:.8rem;word-break:break-all}
            .notice{padding:.8rem;border-radius:6px;background:#ddf4ff;border:1px solid #54aeff}
            .refused{padding:.8rem;border-radius:6px;background:#ffebe9;border:1px solid #ff8182}
            """;

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'sha256-" + Base64.getEncoder().encodeToString(Digests.sha256(STYLE))
            + "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private ApprovalPage() {
    }

    public static int status(PageView view) {
        return switch (view) {
            case DecisionForm ignored -> 200;
            case DecisionRecorded recorded -> recorded.settled() ? 200 : 202;
            case Refusal refusal -> refusal.reason().status();
        };
    }

    public static String render(PageView view) {
        return switch (view) {
            case DecisionForm form -> renderForm(form);
            case DecisionRecorded recorded -> renderRecorded(recorded);
            case Refusal refusal -> renderRefusal(refusal);
        };
    }

    /** A page for a failure of our own (a dependency down) on a GET: says to try again, reveals nothing. */
    public static String unavailable() {
        return document("Approval service unavailable", "<h1>Approval service unavailable</h1>"
                + "<p class=\"refused\">Nothing was recorded. Please try again in a minute.</p>");
    }

    /**
     * The same for a POST: the store may have taken the decision before the failure, so the page does not
     * claim that nothing was recorded; opening the link again shows a recorded decision.
     */
    public static String unavailableAfterPost() {
        return document("Approval service unavailable", "<h1>Approval service unavailable</h1>"
                + "<p class=\"refused\" id=\"uncertain\">Your decision may or may not have been recorded. Open your link again "
                + "in a minute: it shows your decision if it was recorded, or a fresh form if it was not.</p>");
    }

    private static String renderForm(DecisionForm form) {
        ApprovalRequest request = form.request();
        StringBuilder html = new StringBuilder();
        html.append("<h1>Approval requested: ").append(escape(request.approvalType())).append("</h1>");
        html.append("<p>You are deciding as <strong>").append(escape(form.approver())).append("</strong>.</p>");
        requestTable(html, request, form.decisions());
        evidence(html, request);
        String hidden = "<input type=\"hidden\" name=\"nonce\" value=\"" + escape(form.nonce()) + "\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(form.csrfToken()) + "\">";
        String action = escape(form.formAction());
        html.append("<h2>Your decision</h2>");
        html.append("<form method=\"post\" action=\"").append(action).append("\" id=\"approve-form\">").append(hidden)
                .append("<input type=\"hidden\" name=\"decision\" value=\"APPROVE\">")
                .append("<button type=\"submit\" class=\"approve\" id=\"approve\">Approve</button></form>");
        html.append("<form method=\"post\" action=\"").append(action).append("\" id=\"reject-form\">").append(hidden)
                .append("<input type=\"hidden\" name=\"decision\" value=\"REJECT\">")
                .append("<label for=\"reason\">Reason for rejecting (required)</label>")
                .append("<textarea id=\"reason\" name=\"reason\" required maxlength=\"1000\"></textarea>")
                .append("<button type=\"submit\" class=\"reject\" id=\"reject\">Reject</button></form>");
        return document("Approve " + request.approvalType(), html.toString());
    }

    private static String renderRecorded(DecisionRecorded recorded) {
        ApprovalRequest request = recorded.request();
        Decision decision = recorded.decision();
        StringBuilder html = new StringBuilder();
        html.append("<h1>Decision recorded</h1><p class=\"notice\" id=\"outcome\">")
                .append(escape(decision.approver())).append(", your ")
                .append(decision.verdict() == Verdict.APPROVE ? "approval" : "rejection")
                .append(" was recorded at ").append(escape(TIME.format(decision.decidedAt()))).append(". ");
        if (!recorded.settled()) {
            html.append("Bringing the request up to date (its audit record, its outcome, resuming the recovery) did not finish "
                    + "yet because a service did not answer; the approval service finishes it automatically within minutes. "
                    + "Your decision stands and sending the form again changes nothing.</p>");
            requestTable(html, request, List.of());
            return document("Decision recorded", html.toString());
        }
        switch (request.status()) {
            case APPROVED -> html.append("The request is now approved (").append(recorded.approvals()).append(" of ")
                    .append(request.requiredApprovals()).append(" required approvals) and the recovery continues.");
            case REJECTED -> html.append("The request is rejected and the recovery stops at this step.");
            case PENDING -> html.append("It now has ").append(recorded.approvals()).append(" of ")
                    .append(request.requiredApprovals()).append(" required approvals.");
            case EXPIRED -> html.append("The request had expired.");
        }
        html.append("</p>");
        requestTable(html, request, List.of());
        return document("Decision recorded", html.toString());
    }

    private static String renderRefusal(Refusal refusal) {
        StringBuilder html = new StringBuilder();
        html.append("<h1>").append(escape(refusal.reason().title())).append("</h1><p class=\"refused\" id=\"refusal\" data-reason=\"")
                .append(refusal.reason().name()).append("\">").append(escape(explanation(refusal))).append(" Nothing was changed.</p>");
        if (refusal.request() != null) {
            requestTable(html, refusal.request(), List.of());
        }
        return document(refusal.reason().title(), html.toString());
    }

    private static String explanation(Refusal refusal) {
        return switch (refusal.reason()) {
            case MALFORMED -> "The form was incomplete: a rejection needs a reason.";
            case TAMPERED -> "This link is not one the approval service issued, or it was altered.";
            case NOT_AN_APPROVER -> "This link's approver is not (or no longer) on the list for this request.";
            case FORM_INVALID -> "This form was not issued by the approval page for this link, or it was already used. "
                    + "Open your link again to get a fresh form.";
            case OTHER_APPROVER -> "This browser already recorded a decision for another approver on this request; "
                    + "one person cannot decide for two approvers.";
            case UNKNOWN -> "The approval request no longer exists.";
            case ALREADY_DECIDED -> "The request no longer accepts decisions"
                    + (refusal.request() != null ? " (it is " + refusal.request().status() + ")." : ".");
            case APPROVER_ALREADY_DECIDED -> refusal.ownDecision() != null
                    ? "You decided " + refusal.ownDecision().verdict() + " at " + TIME.format(refusal.ownDecision().decidedAt()) + "."
                    : "You have already decided on this request.";
            case EXPIRED -> "The time to decide has passed; the on-call team was notified and will follow up.";
        };
    }

    private static void requestTable(StringBuilder html, ApprovalRequest request, List<Decision> decisions) {
        html.append("<table id=\"request\">");
        row(html, "Incident", request.incidentId());
        row(html, "Plan", request.plan() == null ? "-" : request.plan());
        row(html, "Tier", request.tier() == null ? "-" : request.tier());
        row(html, "Summary", request.summary());
        html.append("<tr><th>Status</th><td><span class=\"status ").append(request.status().name()).append("\">")
                .append(request.status().name()).append("</span></td></tr>");
        row(html, "Approvals required", request.requiredApprovals() + " of " + String.join(", ", request.approvers()));
        if (!decisions.isEmpty()) {
            List<String> lines = new ArrayList<>();
            for (Decision decision : decisions) {
                lines.add(decision.approver() + ": " + decision.verdict() + " at " + TIME.format(decision.decidedAt()));
            }
            row(html, "Decided so far", String.join("; ", lines));
        }
        row(html, "Requested", TIME.format(request.createdAt()));
        row(html, "Expires", TIME.format(request.expiresAt()));
        html.append("</table>");
    }

    private static void evidence(StringBuilder html, ApprovalRequest request) {
        html.append("<h2>Evidence</h2><div id=\"evidence\">");
        value(html, request.evidence(), 0);
        html.append("</div><p>Evidence digest (SHA-256): <span class=\"digest\" id=\"evidence-digest\">")
                .append(escape(request.evidenceDigest())).append("</span></p>");
    }

    /**
     * Evidence laid out for a narrow screen: an object's plain values in one two-column table, each of its
     * nested objects and lists under its own heading at full width, a list of objects as one card each.
     */
    private static void value(StringBuilder html, JsonNode node, int depth) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            html.append("<p>-</p>");
        } else if (depth >= MAX_DEPTH) {
            html.append("<pre>").append(escape(node.toString())).append("</pre>");
        } else if (node.isObject()) {
            objectValue(html, node, depth);
        } else if (node.isArray()) {
            arrayValue(html, node, depth);
        } else {
            html.append("<p>").append(scalar(node)).append("</p>");
        }
    }

    private static void objectValue(StringBuilder html, JsonNode node, int depth) {
        List<Map.Entry<String, JsonNode>> nested = new ArrayList<>();
        boolean table = false;
        int count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext() && count < MAX_ITEMS; count++) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isContainerNode() && !field.getValue().isEmpty()) {
                nested.add(field);
                continue;
            }
            if (!table) {
                html.append("<table>");
                table = true;
            }
            html.append("<tr><th>").append(escape(label(field.getKey()))).append("</th><td>")
                    .append(field.getValue().isContainerNode() ? "(none)" : scalar(field.getValue())).append("</td></tr>");
        }
        if (table) {
            html.append("</table>");
        }
        for (Map.Entry<String, JsonNode> field : nested) {
            int level = Math.min(6, depth + 3);
            html.append("<section><h").append(level).append(">").append(escape(label(field.getKey()))).append("</h").append(level).append(">");
            value(html, field.getValue(), depth + 1);
            html.append("</section>");
        }
    }

    private static void arrayValue(StringBuilder html, JsonNode array, int depth) {
        if (array.isEmpty()) {
            html.append("<p>(none)</p>");
            return;
        }
        int count = 0;
        boolean list = false;
        for (JsonNode element : array) {
            if (count++ >= MAX_ITEMS) {
                break;
            }
            if (element.isContainerNode()) {
                html.append("<div class=\"card\">");
                value(html, element, depth + 1);
                html.append("</div>");
            } else {
                if (!list) {
                    html.append("<ul>");
                    list = true;
                }
                html.append("<li>").append(scalar(element)).append("</li>");
            }
        }
        if (list) {
            html.append("</ul>");
        }
        if (array.size() > MAX_ITEMS) {
            html.append("<p>(").append(array.size() - MAX_ITEMS).append(" more not shown)</p>");
        }
    }

    /** {@code ledgerLiabilities} reads as "ledger liabilities"; other keys stay as they are. */
    static String label(String key) {
        if (!key.matches("[a-z][a-z0-9]*([A-Z][a-z0-9]*)+")) {
            return key;
        }
        return key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String scalar(JsonNode node) {
        if (node.isBoolean()) {
            return "<span class=\"" + (node.asBoolean() ? "pass" : "fail") + "\">" + (node.asBoolean() ? "yes" : "no") + "</span>";
        }
        if (node.isNull()) {
            return "-";
        }
        return escape(node.asText());
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    private static String document(String title, String body) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><main>" + body
                + "</main></body></html>";
    }

    /** Headers every approval page carries: no caching, no framing, no referrer (the URL holds a signature). */
    public static Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Robots-Tag", "noindex, nofollow");
        return headers;
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
