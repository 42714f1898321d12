package exchange.recovery.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;
import exchange.recovery.core.RecoveryException;
import exchange.recovery.core.TransientFailure;

class IntegrityCheckFailedTest {

    @Test
    void message_isACompactJsonSummaryOfTheFailedChecksOnly() {
        List<Map<String, Object>> offenders = IntStream.range(0, 20)
                .mapToObj(i -> Evidence.of("accountId", 1000L + i, "asset", "BTC", "difference", "1")).toList();
        GateReport report = report(
                CheckResult.passed("ledger-balanced", "fine", Evidence.of("assets", 3)),
                CheckResult.failed("balances-match-ledger", "20 of 903 pairs differ", Evidence.of("offending", 20L, "firstOffenders", offenders)));

        JsonNode message = Json.read(new IntegrityCheckFailed(report).getMessage());

        assertThat(message.path("incidentId").asText()).isEqualTo("INC-1");
        assertThat(message.path("tier").asText()).isEqualTo("database");
        assertThat(message.path("failedChecks")).extracting(JsonNode::asText).containsExactly("balances-match-ledger");
        assertThat(message.path("failures")).hasSize(1);
        JsonNode failure = message.path("failures").get(0);
        assertThat(failure.path("summary").asText()).isEqualTo("20 of 903 pairs differ");
        assertThat(failure.path("evidence").path("offending").asLong()).isEqualTo(20);
        assertThat(failure.path("evidence").path("firstOffenders")).hasSize(IntegrityCheckFailed.LIST_ITEMS);
        assertThat(failure.path("evidence").path("firstOffenders").get(0).path("accountId").asLong()).isEqualTo(1000);
    }

    @Test
    void message_dropsEvidenceRatherThanGrowPastItsBound() {
        String huge = "x".repeat(IntegrityCheckFailed.MAX_MESSAGE_CHARS);
        GateReport report = report(CheckResult.failed("journal-contiguous", "gaps", Evidence.of("note", huge)));

        String message = new IntegrityCheckFailed(report).getMessage();

        assertThat(message.length()).isLessThan(IntegrityCheckFailed.MAX_MESSAGE_CHARS);
        assertThat(Json.read(message).path("failures").get(0).path("summary").asText()).isEqualTo("gaps");
    }

    @Test
    void failure_isFinalNotTransient() {
        RecoveryException failure = new IntegrityCheckFailed(report(CheckResult.failed("checkpoint-match", "x", Map.of())));

        assertThat(failure).isNotInstanceOf(TransientFailure.class);
        assertThat(((IntegrityCheckFailed) failure).report().passed()).isFalse();
    }

    static GateReport report(CheckResult... checks) {
        List<String> failed = java.util.Arrays.stream(checks).filter(check -> !check.passed()).map(CheckResult::name).toList();
        return new GateReport("INC-1", "database", failed.isEmpty(), failed, "primary", "db:5432/exchange", "10:10:",
                Instant.parse("2026-03-01T03:00:00Z"), List.of(checks));
    }
}
