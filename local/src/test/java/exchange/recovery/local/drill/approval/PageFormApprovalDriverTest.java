package exchange.recovery.local.drill.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import exchange.recovery.local.stack.DeliveredMessage;

class PageFormApprovalDriverTest {

    @Test
    void theApproveForm_isFoundWithItsHiddenFieldsAndButton() {
        String page = """
                <form method="get" action="/search"><input name="q"></form>
                <form method="post" action="/approvals/REQ-1/decide?l=abc&amp;s=def">
                  <input type="hidden" name="csrf" value="tok&amp;en">
                  <input type="hidden" name="link" value="L1">
                  <textarea name="reason"></textarea>
                  <button type="submit" name="decision" value="approve">Approve</button>
                  <button type="submit" name="decision" value="reject">Reject</button>
                </form>
                """;
        Map<String, String> fields = new LinkedHashMap<>();

        String action = PageFormApprovalDriver.approveForm(page, fields);

        assertThat(action).isEqualTo("/approvals/REQ-1/decide?l=abc&amp;s=def");
        assertThat(fields).containsExactly(Map.entry("csrf", "tok&en"), Map.entry("link", "L1"), Map.entry("decision", "approve"));
    }

    @Test
    void theApprovalPagesForm_withItsDecisionInAHiddenField_isFound() {
        String page = """
                <form method="post" action="/approvals/REQ-1/alice?l=x" id="approve-form"><input type="hidden" name="nonce" value="n1">\
                <input type="hidden" name="csrf" value="c1"><input type="hidden" name="decision" value="APPROVE">\
                <button type="submit" class="approve" id="approve">Approve</button></form>\
                <form method="post" action="/approvals/REQ-1/alice?l=x" id="reject-form"><input type="hidden" name="nonce" value="n1">\
                <input type="hidden" name="csrf" value="c1"><input type="hidden" name="decision" value="REJECT">\
                <textarea id="reason" name="reason" required maxlength="1000"></textarea>\
                <button type="submit" class="reject" id="reject">Reject</button></form>
                """;
        Map<String, String> fields = new LinkedHashMap<>();

        assertThat(PageFormApprovalDriver.approveForm(page, fields)).isEqualTo("/approvals/REQ-1/alice?l=x");
        assertThat(fields).containsExactly(Map.entry("nonce", "n1"), Map.entry("csrf", "c1"), Map.entry("decision", "APPROVE"));
    }

    @Test
    void formActions_resolveAgainstThePageAsBrowsersDo() {
        java.net.URI page = java.net.URI.create("http://127.0.0.1:8080/approvals/REQ-1/alice?exp=1&sig=a");

        assertThat(PageFormApprovalDriver.resolve(page, "?exp=1&sig=a")).hasToString("http://127.0.0.1:8080/approvals/REQ-1/alice?exp=1&sig=a");
        assertThat(PageFormApprovalDriver.resolve(page, "")).isEqualTo(page);
        assertThat(PageFormApprovalDriver.resolve(page, "/decide")).hasToString("http://127.0.0.1:8080/decide");
        assertThat(PageFormApprovalDriver.resolve(page, "decide")).hasToString("http://127.0.0.1:8080/approvals/REQ-1/decide");
    }

    @Test
    void aPageWithoutAnApproveForm_isRefused() {
        assertThatThrownBy(() -> PageFormApprovalDriver.approveForm("<p>This link has expired.</p>", new LinkedHashMap<>()))
                .isInstanceOf(ApprovalRefusedByPage.class);
    }

    @Test
    void approvalLinks_areTheUrlsOfMessagesBoundToAnApprover() {
        DeliveredMessage message = new DeliveredMessage(Instant.now(), "arn:aws:sns:us-east-1:1:approvals", "Approval needed",
                "alice, open your personal link:\nhttps://approvals.example/a/REQ-1?l=xyz\nDo not forward it.",
                Map.of("approver", "alice"));
        DeliveredMessage plain = new DeliveredMessage(Instant.now(), "arn:aws:sns:us-east-1:1:n", "Recovery started",
                "see https://console.aws.amazon.com", Map.of());

        assertThat(ApprovalLink.in(message)).containsExactly(
                new ApprovalLink("https://approvals.example/a/REQ-1?l=xyz", "alice", "Approval needed"));
        assertThat(ApprovalLink.in(plain)).isEmpty();
    }
}
