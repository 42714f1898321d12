package exchange.recovery.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Tier;
import exchange.recovery.incident.Incident;
import exchange.recovery.incident.IncidentNotFound;
import exchange.recovery.incident.IncidentStore;

@ExtendWith(MockitoExtension.class)
class RecoveryReportWriterTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T03:10:00Z"), ZoneOffset.UTC);

    @Mock
    private IncidentStore incidents;
    @Mock
    private ExecutionTraces executions;
    @Mock
    private ReportStore store;

    private RecoveryReportWriter writer() {
        return new RecoveryReportWriter(incidents, executions, store, "recovery-reports", CLOCK);
    }

    @Test
    void write_storesMarkdownAndHtmlUnderTheIncidentAndExecution() {
        Incident incident = Records.incident("database");
        when(incidents.find(incident.incidentId())).thenReturn(Optional.of(incident));
        when(incidents.tiers(incident.incidentId())).thenReturn(List.of(Records.outcome(Tier.DATABASE, "RECOVER", "RECOVERED", 600, null)));
        when(executions.read(incident.executionId())).thenReturn(new History(Records.ALARM_TIME)
                .lambda("OpenIncident", "{}", "{}").executionSucceeded().trace("SUCCEEDED"));
        when(store.location()).thenReturn("reports-bucket");

        WriteRecoveryReportResult result = writer().write(new WriteRecoveryReportRequest(incident.incidentId(), null, null, null, null));

        String base = "recovery-reports/" + incident.incidentId() + "/run-1/recovery-report";
        assertThat(result).isEqualTo(new WriteRecoveryReportResult(incident.incidentId(), "run-1", "reports-bucket",
                base + ".md", base + ".html", "RECOVERED"));
        ArgumentCaptor<String> markdown = ArgumentCaptor.forClass(String.class);
        verify(store).put(eq(base + ".md"), markdown.capture(), eq("text/markdown; charset=utf-8"));
        verify(store).put(eq(base + ".html"), any(), eq("text/html; charset=utf-8"));
        assertThat(markdown.getValue()).contains("**Verdict: RECOVERED**").contains("| 1 | database | in scope | RECOVER |");
    }

    @Test
    void aRunningExecution_isReportedWithTheStatusThePlanGives() {
        Incident incident = Records.incident("database");
        when(incidents.find(incident.incidentId())).thenReturn(Optional.of(incident));
        when(executions.read("arn:given")).thenReturn(new History(Records.ALARM_TIME).lambda("OpenIncident", "{}", "{}").trace("RUNNING"));

        RecoveryReport report = writer().report(new WriteRecoveryReportRequest(incident.incidentId(), "arn:given", "FAILED",
                "exchange.recovery.integrity.IntegrityCheckFailed", "{\"errorMessage\":\"gap\"}"));

        assertThat(report.verdict().outcome()).isEqualTo(ReportVerdict.Outcome.HALTED);
        assertThat(report.execution().status()).isEqualTo("FAILED");
        assertThat(report.execution().cause()).isEqualTo("gap");
    }

    @Test
    void anUnknownIncident_isNotFound_andNothingIsWritten() {
        when(incidents.find("INC-404")).thenReturn(Optional.empty());

        assertThatThrownBy(() -> writer().write(new WriteRecoveryReportRequest("INC-404", null, null, null, null)))
                .isInstanceOf(IncidentNotFound.class);
        verify(store, never()).put(any(), any(), any());
    }

    @Test
    void aMissingIncidentIdOrAnUnknownStatus_isInvalidInput() {
        assertThatThrownBy(() -> writer().write(new WriteRecoveryReportRequest(" ", null, null, null, null)))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("incidentId");
        assertThatThrownBy(() -> writer().write(new WriteRecoveryReportRequest("INC", null, "DONE", null, null)))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("status");
    }

    @Test
    void keys_keepOnlySafeCharacters() {
        assertThat(RecoveryReportWriter.safe("INC 1/../x")).isEqualTo("INC_1_.._x");
    }
}
