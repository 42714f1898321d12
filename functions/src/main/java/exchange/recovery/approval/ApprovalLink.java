package exchange.recovery.approval;

import java.time.Instant;

/**
 * One approver's link to one request: {@code {baseUrl}/approvals/{requestId}/{approver}?exp=..&sig=..}
 * with {@code sig = HMAC(key, "link|requestId|approver|exp")}. The link names no task token; it only
 * lets its approver see the request and, from the page it opens, decide.
 */
public record ApprovalLink(String requestId, String approver, long expiresAtEpochSecond, String signature) {

    public static ApprovalLink issue(ApprovalSigner signer, String requestId, String approver, Instant expiresAt) {
        long exp = expiresAt.getEpochSecond();
        return new ApprovalLink(requestId, approver, exp, signer.signLink(requestId, approver, exp));
    }

    public String url(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/approvals/" + requestId + "/" + approver + "?exp=" + expiresAtEpochSecond + "&sig=" + signature;
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(expiresAtEpochSecond);
    }
}
