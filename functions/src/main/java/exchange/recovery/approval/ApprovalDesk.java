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
import exchange.recovery.core.Json;

/**
 * The approval page's logic. A GET shows the request behind a genuine, unexpired link and hands out a
 * one-time form; it never decides anything. A POST decides, but only with a genuine link, the form
 * that a GET of that same link rendered, and while the request is pending; the per-approver decision,
 * the nonce and the pending status are checked and written in one conditional transaction. When the
 * decisions reach the required number of distinct approvals the waiting execution gets the decision
 * record; any rejection fails it with the approver's reason.
 */
public class ApprovalDesk {

    private static final Logger LOG = LogManager.getLogger(ApprovalDesk.class);
    static final String ACTOR_COOKIE_PREFIX = "approval-actor-";
    private static final int MAX_REASON = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApprovalPolicies policies;
    private final ApprovalStore store;
    private final AuditLog audit;
    private final TaskCallbacks callbacks;
    private final ApprovalSigner signer;
    private final Clock clock;

    public ApprovalDesk(ApprovalPolicies policies, ApprovalStore store, AuditLog audit, TaskCallbacks callbacks,
                        ApprovalSigner signer, Clock clock) {
        this.policies = policies;
        this.store = store;
        this.audit = audit;
        this.callbacks = callbacks;
        this.signer = signer;
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
                return new Refusal(request.status() == ApprovalStatus.EXPIRED ? Reason.EXPIRED : Reason.ALREADY_DECIDED,
                        request, own.orElse(null));
            }
            if (own.isPresent()) {
                return new Refusal(Reason.APPROVER_ALREADY_DECIDED, request, own.get());
            }
            Instant now = clock.instant();
            String nonce = newNonce();
            store.issueNonce(request.requestId(), link.approver(), nonce, now, request.expiresAt());
            return new DecisionForm(request, link.approver(), decisions, nonce,
                    signer.csrfToken(request.requestId(), link.approver(), nonce), "?exp=" + link.exp() + "&sig=" + link.sig());
        } catch (ApprovalRefused refused) {
            return refusal(refused, http);
        }
    }

    /** POST: records the approver's decision if everything holds, then completes the task if decided. */
    public PageView decide(HttpRequest http) {
        try {
            Link link = verifiedLink(http);
            StoredRequest stored = authorised(link, http);
            ApprovalRequest request = stored.request();
            if (request.status().isFinal()) {
                completeTaskIfNeeded(request.requestId());
                Decision own = store.decisions(request.requestId()).stream()
                        .filter(d -> d.approver().equals(link.approver())).findFirst().orElse(null);
                return new Refusal(request.status() == ApprovalStatus.EXPIRED ? Reason.EXPIRED : Reason.ALREADY_DECIDED,
                        request, own);
            }
            Map<String, String> form = ApiGatewayEvents.formFields(http.body());
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
            store.recordDecision(request.requestId(), decision, nonce, now);
            audit.append(new AuditEntry(request.requestId(), verdict == Verdict.APPROVE ? AuditEntry.APPROVED : AuditEntry.REJECTED,
                    link.approver(), now, request.incidentId(), request.approvalType(), request.evidenceDigest(),
                    decision.sourceIp(), decision.userAgent(), reason));
            LOG.info("Approval {}: {} decided {}", request.requestId(), link.approver(), verdict);

            List<Decision> decisions = store.decisions(request.requestId());
            long approvals = decisions.stream().filter(d -> d.verdict() == Verdict.APPROVE).count();
            Optional<Decision> rejection = decisions.stream().filter(d -> d.verdict() == Verdict.REJECT).findFirst();
            if (rejection.isPresent()) {
                finish(request, ApprovalStatus.REJECTED, now, rejection.get().reason() + " (" + rejection.get().approver() + ")");
            } else if (approvals >= request.requiredApprovals()) {
                finish(request, ApprovalStatus.APPROVED, now, null);
            }
            ApprovalRequest after = store.find(request.requestId()).map(StoredRequest::request).orElse(request);
            return new DecisionRecorded(after, decision, approvals, actorCookie(request, link.approver(), http.secure()));
        } catch (ApprovalRefused refused) {
            return refusal(refused, http);
        }
    }

    private void finish(ApprovalRequest request, ApprovalStatus status, Instant now, String reason) {
        if (store.finish(request.requestId(), status, now, reason)) {
            audit.append(new AuditEntry(request.requestId(),
                    status == ApprovalStatus.APPROVED ? AuditEntry.REQUEST_APPROVED : AuditEntry.REQUEST_REJECTED,
                    "approval-service", now, request.incidentId(), request.approvalType(), request.evidenceDigest(),
                    null, null, reason));
        }
        completeTaskIfNeeded(request.requestId());
    }

    /** Sends the decided outcome to the waiting task once; retried by any later POST if it failed before. */
    private void completeTaskIfNeeded(String requestId) {
        StoredRequest stored = store.find(requestId).orElseThrow();
        ApprovalRequest request = stored.request();
        if (stored.taskCompleted() || !(request.status() == ApprovalStatus.APPROVED || request.status() == ApprovalStatus.REJECTED)) {
            return;
        }
        TaskCallbacks.Delivery delivery;
        if (request.status() == ApprovalStatus.APPROVED) {
            delivery = callbacks.succeed(stored.taskToken(), Json.write(decisionRecord(request, store.decisions(requestId))));
        } else {
            delivery = callbacks.reject(stored.taskToken(), request.outcomeReason());
        }
        store.markTaskCompleted(requestId, clock.instant());
        LOG.info("Approval {} {}: waiting task {}", requestId, request.status(),
                delivery == TaskCallbacks.Delivery.DELIVERED ? "resumed" : "no longer waiting");
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

    private PageView refusal(ApprovalRefused refused, HttpRequest http) {
        LOG.warn("Approval page refused {} {}: {} (from {})", http.method(), http.path(), refused.getMessage(), http.sourceIp());
        return new Refusal(refused.reason(), null, null);
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
