package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import exchange.recovery.core.CanonicalJson;
import exchange.recovery.core.Json;

class ApprovalPageTest {

    @Test
    void render_escapesEveryValueFromTheRequest() {
        var evidence = Json.read("{\"<b>key</b>\":\"<script>alert(1)</script>\",\"list\":[{\"a\":\"\\\"quoted\\\"\"}]}");
        ApprovalRequest request = new ApprovalRequest("apr-1", "INC-<i>", "withdrawal-resumption", null, null,
                "Summary with <img src=x onerror=alert(1)>", evidence, CanonicalJson.sha256(evidence),
                List.of("alice", "bob"), 2, Fixtures.NOW, Fixtures.EXPIRES, ApprovalStatus.PENDING, null, null);

        String html = ApprovalPage.render(new PageView.DecisionForm(request, "alice", List.of(), "n", "c", "?exp=1&sig=x\"y"));

        assertThat(html).doesNotContain("<script>", "<img", "<b>key", "<i>", "sig=x\"y")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "INC-&lt;i&gt;", "&quot;quoted&quot;", "&lt;b&gt;key&lt;/b&gt;");
    }

    @Test
    void render_formCarriesTheNonceAndTheAntiCsrfValueAndNeedsAReasonToReject() {
        String html = ApprovalPage.render(new PageView.DecisionForm(Fixtures.request(ApprovalStatus.PENDING), "alice",
                List.of(), "nonce-1", "csrf-1", "?exp=1&sig=s"));

        assertThat(html).contains("name=\"nonce\" value=\"nonce-1\"", "name=\"csrf\" value=\"csrf-1\"",
                "<textarea id=\"reason\" name=\"reason\" required", "method=\"post\"", "name=\"viewport\"");
        assertThat(html).doesNotContain("http://", "https://", "<script");
    }

    @Test
    void label_splitsCamelCaseKeys() {
        assertThat(ApprovalPage.label("ledgerLiabilities")).isEqualTo("ledger liabilities");
        assertThat(ApprovalPage.label("BTC")).isEqualTo("BTC");
        assertThat(ApprovalPage.label("passed")).isEqualTo("passed");
    }

    @Test
    void contentSecurityPolicy_allowsOnlyTheInlineStyleAndSameOriginForms() {
        assertThat(ApprovalPage.headers().get("Content-Security-Policy"))
                .startsWith("default-src 'none'; style-src 'sha256-").contains("form-action 'self'", "frame-ancestors 'none'");
        assertThat(ApprovalPage.headers()).containsEntry("Cache-Control", "no-store").containsEntry("Referrer-Policy", "no-referrer");
    }

    @Test
    void refusal_hasTheStatusOfItsReasonAndRevealsNoRequestWhenTheLinkIsTampered() {
        PageView.Refusal refusal = new PageView.Refusal(ApprovalRefused.Reason.TAMPERED, null, null);

        assertThat(ApprovalPage.status(refusal)).isEqualTo(403);
        assertThat(ApprovalPage.render(refusal)).contains("This link is not valid", "Nothing was changed").doesNotContain("INC-");
        assertThat(ApprovalPage.status(new PageView.Refusal(ApprovalRefused.Reason.EXPIRED, null, null))).isEqualTo(410);
        assertThat(ApprovalPage.status(new PageView.Refusal(ApprovalRefused.Reason.ALREADY_DECIDED, null, null))).isEqualTo(409);
    }
}
