package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class ApprovalSignerTest {

    private final ApprovalSigner signer = new ApprovalSigner("k".repeat(40).getBytes(StandardCharsets.UTF_8));

    @Test
    void verifyLink_acceptsTheSignatureItIssued() {
        String sig = signer.signLink("apr-1", "alice", 1_900_000_000L);

        assertThat(signer.verifyLink("apr-1", "alice", 1_900_000_000L, sig)).isTrue();
    }

    @Test
    void verifyLink_refusesAnyChangedPart() {
        String sig = signer.signLink("apr-1", "alice", 1_900_000_000L);

        assertThat(signer.verifyLink("apr-2", "alice", 1_900_000_000L, sig)).as("other request").isFalse();
        assertThat(signer.verifyLink("apr-1", "bob", 1_900_000_000L, sig)).as("other approver").isFalse();
        assertThat(signer.verifyLink("apr-1", "alice", 1_900_000_001L, sig)).as("later expiry").isFalse();
        assertThat(signer.verifyLink("apr-1", "alice", 1_900_000_000L, sig.substring(1) + "A")).as("edited signature").isFalse();
        assertThat(signer.verifyLink("apr-1", "alice", 1_900_000_000L, null)).as("no signature").isFalse();
    }

    @Test
    void verifyLink_refusesASignatureFromAnotherKey() {
        ApprovalSigner other = new ApprovalSigner("o".repeat(40).getBytes(StandardCharsets.UTF_8));

        assertThat(signer.verifyLink("apr-1", "alice", 1L, other.signLink("apr-1", "alice", 1L))).isFalse();
    }

    @Test
    void signatures_forOnePurpose_areNotValidForAnother() {
        String csrf = signer.csrfToken("apr-1", "alice", "1900000000");

        assertThat(signer.verifyLink("apr-1", "alice", 1_900_000_000L, csrf)).isFalse();
        assertThat(signer.verifyActorMark("apr-1", "alice", csrf)).isFalse();
    }

    @Test
    void csrfToken_isBoundToRequestApproverAndNonce() {
        String token = signer.csrfToken("apr-1", "alice", "nonce-1");

        assertThat(signer.verifyCsrfToken("apr-1", "alice", "nonce-1", token)).isTrue();
        assertThat(signer.verifyCsrfToken("apr-1", "bob", "nonce-1", token)).isFalse();
        assertThat(signer.verifyCsrfToken("apr-1", "alice", "nonce-2", token)).isFalse();
        assertThat(signer.verifyCsrfToken("apr-2", "alice", "nonce-1", token)).isFalse();
    }

    @Test
    void shortKey_isRefused() {
        assertThatThrownBy(() -> new ApprovalSigner(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void link_carriesNoTaskTokenAndPointsAtTheApproverPage() {
        ApprovalLink link = ApprovalLink.issue(signer, "apr-1", "alice", java.time.Instant.ofEpochSecond(1_900_000_000L));

        assertThat(link.url("https://approve.example.com/"))
                .startsWith("https://approve.example.com/approvals/apr-1/alice?exp=1900000000&sig=")
                .doesNotContain("token");
    }
}
