package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.core.TransientFailure;
import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;
import exchange.recovery.testing.SampleEvents;

@ExtendWith(MockitoExtension.class)
class IntegrityCheckHandlerTest {

    @Mock
    private IntegrityGate gate;
    @Mock
    private Context context;

    @BeforeEach
    void theGateDecidesForReal() {
        // the decision is the gate's own (IntegrityGateTest); here its checks are stubbed through run()
        lenient().when(gate.decide(any())).thenCallRealMethod();
    }

    @Test
    void handler_passesTheRequestWithTheCanonicalTierAndReturnsThePassedReport() {
        when(gate.run(any())).thenReturn(IntegrityCheckFailedTest.report(CheckResult.passed("ledger-balanced", "fine", null)));

        JsonNode output = invoke("""
                {"incidentId": " INC-1 ", "tier": "Database", "checks": ["ledger-balanced"]}
                """);

        ArgumentCaptor<IntegrityCheckRequest> request = ArgumentCaptor.forClass(IntegrityCheckRequest.class);
        verify(gate).run(request.capture());
        assertThat(request.getValue()).isEqualTo(new IntegrityCheckRequest("INC-1", "database", null, List.of("ledger-balanced"), null));
        assertThat(output.path("passed").asBoolean()).isTrue();
        assertThat(output.path("checks").get(0).path("name").asText()).isEqualTo("ledger-balanced");
    }

    @Test
    void handler_raisesIntegrityCheckFailedWhenTheGateFails() {
        when(gate.run(any())).thenReturn(IntegrityCheckFailedTest.report(CheckResult.failed("journal-contiguous", "1 gap", null)));

        assertThatThrownBy(() -> invoke("{\"incidentId\": \"INC-1\", \"tier\": \"database\"}"))
                .isInstanceOf(IntegrityCheckFailed.class)
                .hasMessageContaining("\"failedChecks\":[\"journal-contiguous\"]");
    }

    @Test
    void handler_returnsTheFailedReportWhenFailOnViolationIsFalse() {
        when(gate.run(any())).thenReturn(IntegrityCheckFailedTest.report(CheckResult.failed("journal-contiguous", "1 gap", null)));

        JsonNode output = invoke("{\"incidentId\": \"INC-1\", \"tier\": \"database\", \"failOnViolation\": false}");

        assertThat(output.path("passed").asBoolean()).isFalse();
        assertThat(output.path("failedChecks").get(0).asText()).isEqualTo("journal-contiguous");
    }

    @Test
    void handler_rejectsMissingIncidentAndUnknownTierWithoutRunningTheGate() {
        assertThatThrownBy(() -> invoke("{\"tier\": \"database\"}")).isInstanceOf(InvalidInput.class).hasMessageContaining("incidentId");
        assertThatThrownBy(() -> invoke("{\"incidentId\": \"INC-1\"}")).isInstanceOf(InvalidInput.class).hasMessageContaining("tier");
        assertThatThrownBy(() -> invoke("{\"incidentId\": \"INC-1\", \"tier\": \"blockchain\"}"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("blockchain");
        verifyNoInteractions(gate);
    }

    @Test
    void handler_letsATransientFailurePassForTheStateMachineToRetry() {
        when(gate.run(any())).thenThrow(new TransientFailure("Cannot connect to db:5432/exchange"));

        assertThatThrownBy(() -> invoke("{\"incidentId\": \"INC-1\", \"tier\": \"wallet\"}")).isExactlyInstanceOf(TransientFailure.class);
    }

    @Test
    void restoredInstanceEvent_namesAnInstanceBesideThePrimaryAndAsksForTheReport() throws Exception {
        when(gate.run(any())).thenReturn(IntegrityCheckFailedTest.report(CheckResult.failed("journal-contiguous", "1 gap", null)));

        JsonNode output = invoke(SampleEvents.text("integrity-check-restored.json"));

        ArgumentCaptor<IntegrityCheckRequest> request = ArgumentCaptor.forClass(IntegrityCheckRequest.class);
        verify(gate).run(request.capture());
        assertThat(request.getValue().failsOnViolation()).isFalse();
        assertThat(request.getValue().checks()).hasSize(5);
        assertThat(IntegrityChecks.standard().select(request.getValue().checks())).hasSize(5);
        ExchangeDatabase primary = new ExchangeDatabase(
                JdbcEndpoint.parse("jdbc:postgresql://exchange-db.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com:5432/exchange"),
                CredentialSource.fixed(new DatabaseCredentials("recovery", "pw")), ExchangeDatabase.Options.defaults());
        assertThat(primary.resolve(request.getValue().database()).describe())
                .isEqualTo("exchange-db-pitr-inc-123.c1a2b3c4d5e6.us-east-1.rds.amazonaws.com:5432/exchange");
        assertThat(output.path("passed").asBoolean()).isFalse();
    }

    private JsonNode invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        new IntegrityCheckHandler(gate).handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, context);
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
