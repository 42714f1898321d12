package exchange.recovery.approval;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import exchange.recovery.approval.ApprovalRefused.Reason;
import exchange.recovery.approval.PageView.DecisionForm;
import exchange.recovery.approval.PageView.DecisionRecorded;
import exchange.recovery.approval.PageView.Refusal;
import exchange.recovery.core.SecurityAlerts;

/**
 * The approval page's logic. A GET shows the request behind a genuine, unexpired link and hands out a
 * one-time form; it never decides anything. A POST decides, but only with a genuine link, the form
 * that a GET of that same link rendered, and while the request is pending; the per-approver decision,
 * the nonce and the pending status are checked and written in one conditional transaction. After
 * that the {@link ApprovalSettlement} audits it and, when the decisions reach an outcome (any
 * rejection, or the required number of distinct approvals), closes the request and completes the
 * waiting task. If that fails halfway the page says the decision is recorded and the rest pending; a
 * retried POST or the heartbeat finishes it.
 *
 * <p>Every genuine view, every refusal and every decision is audited; refusals for a tampered link or a
 * forged form also go to the security team's alerts.
 */
public class ApprovalDesk {

    private static final Logger LOG = LogManager.getLogger(ApprovalDesk.class);
    static final String ACTOR_COOKIE_PREFIX = "approval-actor-";
    private static final int MAX_REASON = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApprovalPolicies policies;
    private final ApprovalStore store;
    private final AuditLog audit;
    private final ApprovalSigner signer;
    private final SecurityAlerts alerts;
    private final ApprovalSettlement settlement;
    private final Clock clock;

    public ApprovalDesk(ApprovalPolicies policies, ApprovalStore store, AuditLog audit, TaskCallbacks callbacks,
                        ApprovalSigner signer, Clock clock) {
        this(policies, store, audit, callbacks, signer, SecurityAlerts.NONE, clock);
    }

    public ApprovalDesk(ApprovalPolicies policies, ApprovalStore store, AuditLog audit, TaskCallbacks callbacks,
                        ApprovalSigner signer, SecurityAlerts alerts, Clock clock) {
        this.policies = policies;
        this.store = store;
        this.audit = audit;
        this.signer = signer;
        this.alerts = alerts;
        this.settlement = new ApprovalSettlement(store, audit, callbacks, alerts, clock);
        this.clock = clock;
    }

    /** GET: shows the request and a fresh one-time form; changes nothing about the request. */
    public PageView view(HttpRequest http) {
        try {
            Link link = verifiedLink(http);
            StoredRequest stored = authorised(link, http);
            ApprovalRequest request = stored.request();
            List<Decision> decisions = store.decisions(request.requestId());
            Optional<Decision> own = decisions.stream().filter(d -> d.approver().equals(link.approver())).findFirst();
            if (request.status().isFinal()) {
                return refused(new ApprovalRefused(request.status() == ApprovalStatus.EXPIRED ? Reason.EXPIRED : Reason.ALREADY_DECIDED,
                        request.requestId() + " is " + request.status()), http, request, own.orElse(null));
            }
            if (own.isPresent()) {
                return refused(new ApprovalRefused(Reason.APPROVER_ALREADY_DECIDED, link.approver() + " decided already"),
                        http, request, own.get());
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String nonce = newNonce();
            store.issueNonce(request.requestId(), link.approver(), nonce, now, request.expiresAt());
            // No form without its audit line: a failure here is a 503 and the form is never shown.
            audit.append(new AuditEntry(request.requestId(), AuditEntry.VIEWED, link.approver(), now, request.incidentId(),
                    request.approvalType(), request.evidenceDigest(), http.sourceIp(), truncate(http.userAgent(), 512),
                    "decision form issued"));
            return new DecisionForm(request, link.approver(), decisions, nonce,
                    signer.csrfToken(request.requestId(), link.approver(), nonce), "?exp=" + link.exp() + "&sig=" + link.sig());
        } catch (ApprovalRefused refused) {
            return refused(refused, http, null, null);
        }
    }

    /** POST: records the approver's decision if everything holds, then settles the request. */
    public PageView decide(HttpRequest http) {
        try {
            Link link = verifiedLink(http);
            StoredRequest stored = authorised(link, http);
            ApprovalRequest request = stored.request();
            Map<String, String> form = ApiGatewayEvents.formFields(http.body());
            if (request.status().isFinal()) {
                String attempted = truncate(Optional.ofNullable(form.get("decision")).orElse("a decision"), 16);
                return alreadyDecided(new ApprovalRefused(request.status() == ApprovalStatus.EXPIRED ? Reason.EXPIRED : Reason.ALREADY_DECIDED,
                        attempted + " arrived after " + request.requestId() + " was " + request.status()), http, link);
            }
            String nonce = form.get("nonce");
            if (nonce == null || nonce.isBlank() || !signer.verifyCsrfToken(request.requestId(), link.approver(), nonce, form.get("csrf"))) {
                throw new ApprovalRefused(Reason.FORM_INVALID, "missing or wrong anti-CSRF value");
            }
            Verdict verdict = verdict(form.get("decision"));
            String reason = Optional.ofNullable(form.get("reason")).map(String::strip).filter(r -> !r.isEmpty()).orElse(null);
            if (verdict == Verdict.REJECT && reason == null) {
                throw new ApprovalRefused(Reason.MALFORMED, "a rejection needs a reason");
            }
            if (reason != null && reason.length() > MAX_REASON) {
                throw new ApprovalRefused(Reason.MALFORMED, "reason longer than " + MAX_REASON + " characters");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Decision decision = new Decision(link.approver(), verdict, reason, now, http.sourceIp(), truncate(http.userAgent(), 512));
            try {
                store.recordDecision(request.requestId(), decision, nonce, now);
            } catch (ApprovalRefused refused) {
                if (refused.reason() == Reason.ALREADY_DECIDED || refused.reason() == Reason.APPROVER_ALREADY_DECIDED) {
                    return alreadyDecided(new ApprovalRefused(refused.reason(), verdict + " arrived after: " + refused.getMessage()), http, link);
                }
                throw refused;
            }
            LOG.info("Approval {}: {} decided {}", request.requestId(), link.approver(), verdict);
            String cookie = actorCookie(request, link.approver(), http.secure());
            // The decision is recorded: from here on the page says so, whatever else fails.
            try {
                ApprovalSettlement.Outcome outcome = settlement.settle(request.requestId());
                long approvals = store.decisions(request.requestId()).stream().filter(d -> d.verdict() == Verdict.APPROVE).count();
                return new DecisionRecorded(outcome.request(), decision, approvals, cookie, true);
            } catch (RuntimeException e) {
                LOG.error("Approval {}: {}'s decision is recorded, but settling the request failed; a retry or the heartbeat finishes it",
                        request.requestId(), link.approver(), e);
                return new DecisionRecorded(request, decision, -1, cookie, false);
            }
        } catch (ApprovalRefused refused) {
            return refused(refused, http, null, null);
        }
    }

    /**
     * A decision on a request that already has one (this approver's, or the request's outcome): finish
     * whatever an earlier, interrupted POST left undone, then show where the request stands.
     */
    private PageView alreadyDecided(ApprovalRefused refused, HttpRequest http, Link link) {
        ApprovalRequest request;
        try {
            request = settlement.settle(link.requestId()).request();
        } catch (RuntimeException e) {
            LOG.error("Approval {}: settling on a repeated POST failed; the heartbeat retries", link.requestId(), e);
            request = store.find(link.requestId()).map(StoredRequest::request).orElse(null);
        }
        Decision own = store.decisions(link.requestId()).stream()
                .filter(d -> d.approver().equals(link.approver())).findFirst().orElse(null);
        return refused(refused, http, request, own);
    }

    public static DecisionRecord decisionRecord(ApprovalRequest request, List<Decision> decisions) {
        List<DecisionRecord.Approval> approvals = decisions.stream()
                .filter(d -> d.verdict() == Verdict.APPROVE)
                .sorted(java.util.Comparator.comparing(Decision::decidedAt))
                .map(d -> new DecisionRecord.Approval(d.approver(), d.decidedAt(), d.sourceIp()))
                .toList();
        return new DecisionRecord(request.requestId(), request.incidentId(), request.approvalType(), request.status(),
                request.requiredApprovals(), approvals, request.evidenceDigest(), request.createdAt(), request.decidedAt());
    }

    private Link verifiedLink(HttpRequest http) {
        String requestId = http.pathParameters().get("requestId");
        String approver = http.pathParameters().get("approver");
        String exp = http.query().get("exp");
        String sig = http.query().get("sig");
        if (requestId == null || approver == null || exp == null || sig == null) {
            throw new ApprovalRefused(Reason.TAMPERED, "link is missing parts");
        }
        long expiresAt;
        try {
            expiresAt = Long.parseLong(exp);
        } catch (NumberFormatException e) {
            throw new ApprovalRefused(Reason.TAMPERED, "exp is not a number");
        }
        if (!signer.verifyLink(requestId, approver, expiresAt, sig)) {
            throw new ApprovalRefused(Reason.TAMPERED, "signature does not match");
        }
        if (!clock.instant().isBefore(Instant.ofEpochSecond(expiresAt))) {
            throw new ApprovalRefused(Reason.EXPIRED, "link expired at " + Instant.ofEpochSecond(expiresAt));
        }
        return new Link(requestId, approver, expiresAt, sig);
    }

    /** The genuine link's request, its approver still allowed, and no other approver acting from this browser. */
    private StoredRequest authorised(Link link, HttpRequest http) {
        StoredRequest stored = store.find(link.requestId())
                .orElseThrow(() -> new ApprovalRefused(Reason.UNKNOWN, "no request " + link.requestId()));
        ApprovalRequest request = stored.request();
        boolean allowed = request.approvers().contains(link.approver())
                && policies.find(request.approvalType()).map(policy -> policy.allows(link.approver())).orElse(false);
        if (!allowed) {
            throw new ApprovalRefused(Reason.NOT_AN_APPROVER, link.approver() + " may not decide " + request.requestId());
        }
        String actor = http.cookies().get(ACTOR_COOKIE_PREFIX + request.requestId());
        if (actor != null) {
            int dot = actor.indexOf('.');
            if (dot > 0) {
                String actedAs = actor.substring(0, dot);
                if (!actedAs.equals(link.approver()) && signer.verifyActorMark(request.requestId(), actedAs, actor.substring(dot + 1))) {
                    throw new ApprovalRefused(Reason.OTHER_APPROVER, "this browser already decided as " + actedAs);
                }
            }
        }
        return stored;
    }

    /** Audits the refusal (and alerts on a tampered link or a forged form), then shows it; never throws. */
    private PageView refused(ApprovalRefused refused, HttpRequest http, ApprovalRequest request, Decision own) {
        LOG.warn("Approval page refused {} {}: {} (from {})", http.method(), http.path(), refused.getMessage(), http.sourceIp());
        String claimedId = http.pathParameters().get("requestId");
        String claimedApprover = truncate(Optional.ofNullable(http.pathParameters().get("approver")).orElse("unknown"), 64);
        String partition = AuditLog.partitionFor(claimedId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            audit.append(new AuditEntry(partition, AuditEntry.REFUSED, claimedApprover, now,
                    request == null ? null : request.incidentId(), request == null ? null : request.approvalType(),
                    request == null ? null : request.evidenceDigest(), http.sourceIp(), truncate(http.userAgent(), 512),
                    truncate(http.method() + " " + refused.getMessage()
                            + (partition.equals(claimedId) ? "" : " (link names request " + truncate(String.valueOf(claimedId), 64) + ")"), 1000)));
        } catch (RuntimeException e) {
            // A refusal changes nothing; failing to audit it must not turn it into something else.
            LOG.error("Approval page could not audit a refusal of {} {}", http.method(), http.path(), e);
        }
        if (refused.reason() == Reason.TAMPERED || refused.reason() == Reason.FORM_INVALID) {
            Map<String, String> details = new java.util.TreeMap<>();
            details.put("reason", refused.reason().name());
            details.put("requestId", partition.equals(claimedId) ? claimedId : AuditLog.UNATTRIBUTED);
            details.put("approver", claimedApprover);
            details.put("method", http.method());
            details.put("sourceIp", String.valueOf(http.sourceIp()));
            alerts.publish("approval.refused", details);
        }
        return new Refusal(refused.reason(), request, own);
    }

    private static Verdict verdict(String value) {
        if (value == null) {
            throw new ApprovalRefused(Reason.MALFORMED, "no decision");
        }
        try {
            return Verdict.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApprovalRefused(Reason.MALFORMED, "unknown decision " + value);
        }
    }

    /**
     * Marks this browser as having acted for {@code approver} on this request (HttpOnly, SameSite=Strict,
     * path-scoped, until the request expires): the same browser then cannot act for a second approver.
     */
    private String actorCookie(ApprovalRequest request, String approver, boolean secure) {
        long maxAge = Math.max(0, Duration.between(clock.instant(), request.expiresAt()).toSeconds());
        return ACTOR_COOKIE_PREFIX + request.requestId() + "=" + approver + "." + signer.actorMark(request.requestId(), approver)
                + "; Max-Age=" + maxAge + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private static String newNonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private record Link(String requestId, String approver, long exp, String sig) {
    }
}
