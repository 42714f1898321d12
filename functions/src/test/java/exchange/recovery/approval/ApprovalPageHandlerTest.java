package exchange.recovery.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

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
        verifyNoInteractions(store, audit, callbacks);
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

    private JsonNode invoke(String event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, mock(Context.class));
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
