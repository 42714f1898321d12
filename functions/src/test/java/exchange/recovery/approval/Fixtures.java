package exchange.recovery.approval;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Json;

/** Shared values for the approval unit tests. */
final class Fixtures {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant EXPIRES = NOW.plusSeconds(3600);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final ApprovalSigner SIGNER = new ApprovalSigner("test-signing-key-0123456789-abcdefghij".getBytes(StandardCharsets.UTF_8));
    static final ApprovalPolicies POLICIES = ApprovalPolicies.of(
            new ApprovalPolicy("withdrawal-resumption", List.of("alice", "bob", "carol"), 2, 240));
    static final JsonNode EVIDENCE = Json.read("{\"reconciliation\":{\"passed\":true,\"assets\":[{\"asset\":\"BTC\",\"onChain\":\"12.5\"}]}}");

    private Fixtures() {
    }

    static ApprovalRequest request(ApprovalStatus status) {
        return new ApprovalRequest("apr-1", "INC-7", "withdrawal-resumption", "platform-recovery", "WALLET",
                "Resume withdrawals after wallet failover", EVIDENCE, CanonicalJson.sha256(EVIDENCE),
                List.of("alice", "bob", "carol"), 2, NOW.minusSeconds(60), EXPIRES, status, null, null);
    }

    static StoredRequest stored(ApprovalStatus status) {
        return new StoredRequest(request(status), "task-token-1", true, false);
    }

    static HttpRequest get(String approver) {
        return http("GET", "apr-1", approver, EXPIRES.getEpochSecond(),
                SIGNER.signLink("apr-1", approver, EXPIRES.getEpochSecond()), Map.of(), null);
    }

    static HttpRequest post(String approver, String body) {
        return post(approver, body, Map.of());
    }

    static HttpRequest post(String approver, String body, Map<String, String> cookies) {
        return http("POST", "apr-1", approver, EXPIRES.getEpochSecond(),
                SIGNER.signLink("apr-1", approver, EXPIRES.getEpochSecond()), cookies, body);
    }

    static HttpRequest http(String method, String requestId, String approver, long exp, String sig,
                            Map<String, String> cookies, String body) {
        Map<String, String> query = new HashMap<>();
        query.put("exp", Long.toString(exp));
        if (sig != null) {
            query.put("sig", sig);
        }
        return new HttpRequest(method, "/approvals/" + requestId + "/" + approver,
                Map.of("requestId", requestId, "approver", approver), query, Map.of("user-agent", "test-browser"),
                cookies, body, "203.0.113.9", "test-browser", true);
    }

    static String form(String approver, String nonce, String decision, String reason) {
        String body = "nonce=" + nonce + "&csrf=" + SIGNER.csrfToken("apr-1", approver, nonce) + "&decision=" + decision;
        return reason == null ? body : body + "&reason=" + java.net.URLEncoder.encode(reason, StandardCharsets.UTF_8);
    }
}
