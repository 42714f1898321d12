package exchange.recovery.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.Context;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.db.CredentialSource;
import exchange.recovery.db.DatabaseCredentials;
import exchange.recovery.db.ExchangeDatabase;
import exchange.recovery.db.JdbcEndpoint;

class RebuildCacheHandlerTest {

    private final CacheRebuilder rebuilder = mock(CacheRebuilder.class);
    private final RebuildCacheHandler handler = new RebuildCacheHandler(rebuilder);

    private String invoke(String input) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output, mock(Context.class));
        return output.toString(StandardCharsets.UTF_8);
    }

    private static RebuildReport report() {
        Verification verification = new Verification(4, List.of(new Verification.CountCheck("balances", "keys", 10, 10)),
                List.of(new Verification.SampleCheck("balances", 1.0, 10, 0)), List.of(), 0);
        return new RebuildReport("INC-1", 4, Map.of("balances", 3L), List.of(new RebuildReport.KeyspaceLoad("balances", 10, 10, 5)),
                verification, new RebuildReport.Durations(5, 2, 1, 1, 10), 10, 2000, 10, true, 0);
    }

    @Test
    void rebuild_passesTheRequestOnAndReturnsTheReport() {
        when(rebuilder.rebuild(any())).thenReturn(report());

        String output = invoke("{\"incidentId\":\" INC-1 \",\"keyspaces\":[\"balances\"],\"sampleRate\":0.5}");

        ArgumentCaptor<RebuildRequest> request = ArgumentCaptor.forClass(RebuildRequest.class);
        verify(rebuilder).rebuild(request.capture());
        assertThat(request.getValue()).isEqualTo(new RebuildRequest("INC-1", List.of("balances"), 0.5));
        assertThat(Json.read(output).path("version").asLong()).isEqualTo(4);
        assertThat(Json.read(output).path("verification").path("counts").get(0).path("cache").asLong()).isEqualTo(10);
    }

    @Test
    void rebuild_refusesARequestWithoutIncident() {
        assertThatThrownBy(() -> invoke("{\"keyspaces\":[\"balances\"]}")).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("incidentId");
        verifyNoInteractions(rebuilder);
    }

    @Test
    void rebuild_letsAVerificationFailureThroughWithItsEvidence() {
        Verification failed = new Verification(4, List.of(new Verification.CountCheck("balances", "keys", 10, 9)), List.of(),
                List.of(), 0);
        when(rebuilder.rebuild(any())).thenThrow(new CacheVerificationFailed(failed, Map.of("balances", 3L)));

        assertThatThrownBy(() -> invoke("{\"incidentId\":\"INC-1\"}")).isInstanceOf(CacheVerificationFailed.class)
                .hasMessageContaining("balances keys: source 10, cache 9")
                .hasMessageContaining("readers stay on version(s) {balances=3}");
    }

    private static CacheRebuilder unreachable() {
        ExchangeDatabase database = new ExchangeDatabase(JdbcEndpoint.parse("jdbc:postgresql://127.0.0.1:1/exchange"),
                CredentialSource.fixed(new DatabaseCredentials("nobody", "")), ExchangeDatabase.Options.defaults());
        return new CacheRebuilder(database, new RedisEndpoint("127.0.0.1", 1, false, Duration.ofSeconds(1)), RebuildOptions.defaults());
    }

    @Test
    void rebuilder_refusesUnknownKeyspacesBeforeConnecting() {
        assertThatThrownBy(() -> unreachable().rebuild(new RebuildRequest("INC-1", List.of("balances", "candles"), null)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("Unknown keyspace 'candles'")
                .hasMessageContaining("instruments, balances, orders, book");
    }

    @Test
    void rebuilder_refusesASampleRateOutsideZeroToOne() {
        assertThatThrownBy(() -> unreachable().rebuild(new RebuildRequest("INC-1", null, 0.0))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> unreachable().rebuild(new RebuildRequest("INC-1", null, 1.5))).isInstanceOf(InvalidInput.class);
    }

    @Test
    void rebuilder_reportsAnUnreachableRedisAsRetryable() {
        assertThatThrownBy(() -> unreachable().rebuild(RebuildRequest.all("INC-1")))
                .isInstanceOf(CacheUnavailable.class)
                .hasMessageContaining("127.0.0.1:1");
    }
}
