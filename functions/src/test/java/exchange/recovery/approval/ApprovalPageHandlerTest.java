package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.testing.SampleEvents;

class ApprovalPageHandlerTest {

    private final ApprovalStore store = mock(ApprovalStore.class);
    private final AuditLog audit = mock(AuditLog.class);
    private final TaskCallbacks callbacks = mock(TaskCallbacks.class);
    private final ApprovalPageHandler handler = new ApprovalPageHandler(
            new ApprovalDesk(Fixtures.POLICIES, store, audit, callbacks, Fixtures.SIGNER, Fixtures.CLOCK));

    @Test
    void httpApiEventWithAForgedSignature_getsA403PageAndTouchesNothing() throws Exception {
        JsonNode response = invoke(SampleEvents.text("approval-page-get.json"));

        assertThat(response.path("statusCode").asInt()).isEqualTo(403);
        assertThat(response.path("headers").path("Content-Type").asText()).startsWith("text/html");
        assertThat(response.path("body").asText()).contains("This link is not valid");
        verifyNoInteractions(store, callbacks);
        ArgumentCaptor<AuditEntry> refused = ArgumentCaptor.forClass(AuditEntry.class);
        verify(audit).append(refused.capture());
        assertThat(refused.getValue().event()).isEqualTo("REFUSED");
        assertThat(refused.getValue().requestId()).isEqualTo("apr-0123456789abcdef0123456789abcdef");
        assertThat(refused.getValue().sourceIp()).isEqualTo("198.51.100.10");
    }

    @Test
    void restApiEventWithAGenuineLink_rendersTheRequestWithItsForm() {
        when(store.find("apr-1")).thenReturn(Optional.of(Fixtures.stored(ApprovalStatus.PENDING)));
        when(store.decisions("apr-1")).thenReturn(List.of());
        long exp = Fixtures.EXPIRES.getEpochSecond();
        String event = """
                {"httpMethod":"GET","path":"/approvals/apr-1/bob","resource":"/approvals/{requestId}/{approver}",
                 "pathParameters":{"requestId":"apr-1","approver":"bob"},
                 "queryStringParameters":{"exp":"%d","sig":"%s"},
                 "headers":{"User-Agent":"phone"},
                 "requestContext":{"identity":{"sourceIp":"198.51.100.1","userAgent":"phone"}},
                 "isBase64Encoded":false}
                """.formatted(exp, Fixtures.SIGNER.signLink("apr-1", "bob", exp));

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(response.path("body").asText()).contains("INC-7", "id=\"approve-form\"", "deciding as <strong>bob</strong>");
    }

    @Test
    void aDependencyFailure_isA503PageThatRecordsNothing() {
        when(store.find(anyString())).thenThrow(new TransientFailure("DynamoDB is throttling"));
        long exp = Fixtures.EXPIRES.getEpochSecond();
        String event = """
                {"version":"2.0","rawPath":"/approvals/apr-1/bob","queryStringParameters":{"exp":"%d","sig":"%s"},
                 "requestContext":{"http":{"method":"GET","path":"/approvals/apr-1/bob","sourceIp":"198.51.100.1"}}}
                """.formatted(exp, Fixtures.SIGNER.signLink("apr-1", "bob", exp));

        JsonNode response = invoke(event);

        assertThat(response.path("statusCode").asInt()).isEqualTo(503);
        assertThat(response.path("body").asText()).contains("Nothing was recorded").doesNotContain("DynamoDB");
    }

    @Test
    void aPostWhoseDecisionWasRecordedButWhoseAuditFailed_saysTheDecisionWasRecorded_notThatNothingWas() {
        // GIVEN the decision transaction succeeds, then the audit table fails
        when(store.find("apr-1")).thenReturn(Optional.of(Fixtures.stored(ApprovalStatus.PENDING)));
        when(store.decisions("apr-1")).thenReturn(List.of());
        when(store.unauditedDecisions("apr-1")).thenReturn(List.of(
                new Decision("alice", Verdict.APPROVE, null, Fixtures.NOW, "203.0.113.9", "test-browser")));
        when(audit.append(any())).thenThrow(new TransientFailure("audit table throttled"));

        HttpResponse response = handler.respond(Fixtures.post("alice", Fixtures.form("alice", "n1", "APPROVE", null)));

        // THEN the page tells the truth: recorded, the rest pending
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.body()).contains("your approval was recorded").doesNotContain("Nothing was recorded");
    }

    @Test
    void aPostThatFailsBeforeItIsKnownWhetherTheDecisionWasRecorded_doesNotClaimNothingWasRecorded() {
        when(store.find("apr-1")).thenReturn(Optional.of(Fixtures.stored(ApprovalStatus.PENDING)));
        org.mockito.Mockito.doThrow(new TransientFailure("timeout")).when(store).recordDecision(anyString(), any(), anyString(), any());

        HttpResponse response = handler.respond(Fixtures.post("alice", Fixtures.form("alice", "n1", "APPROVE", null)));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.body()).contains("may or may not have been recorded").doesNotContain("Nothing was recorded");
    }

    private JsonNode invoke(String event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, mock(Context.class));
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
