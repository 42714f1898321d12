package exchange.recovery.rds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;

/** The sample events in {@code events/} (also used with {@code sam local invoke}) read as each handler expects. */
class RdsHandlersTest {

    private final Context context = mock(Context.class);

    @Test
    void restoreHandler_readsTheSampleEventAndWritesTheResult() throws IOException {
        PointInTimeRestore restore = mock(PointInTimeRestore.class);
        when(restore.start(any())).thenReturn(new RestoreResult("INC-123", "exchange-db", "exchange-db-pitr-inc-123", "creating",
                false, Instant.parse("2026-03-10T10:59:59Z"), Instant.parse("2026-03-10T11:00:00Z"),
                Instant.parse("2026-03-10T11:00:00Z"), 1.0, "PT1S", "exchange-db-pitr-inc-123.abc.eu-west-1.rds.amazonaws.com",
                5432, "exchange-db-pitr-inc-123.abc.eu-west-1.rds.amazonaws.com:5432/exchange", List.of("MultiAZ")));

        JsonNode output = invoke(new StartPointInTimeRestoreHandler(restore), "rds-point-in-time-restore.json");

        ArgumentCaptor<RestoreRequest> request = ArgumentCaptor.forClass(RestoreRequest.class);
        verify(restore).start(request.capture());
        assertThat(request.getValue().incidentId()).isEqualTo("INC-123");
        assertThat(request.getValue().corruptionTime()).isEqualTo(Instant.parse("2026-03-10T11:00:00Z"));
        assertThat(output.path("restoredTo").asText()).isEqualTo("2026-03-10T10:59:59Z");
        assertThat(output.path("rpoSeconds").asDouble()).isEqualTo(1.0);
        assertThat(output.path("database").asText()).endsWith(":5432/exchange");
    }

    @Test
    void restoreHandler_acceptsTheCorruptionTimeUnderItsOtherNames() throws IOException {
        PointInTimeRestore restore = mock(PointInTimeRestore.class);

        invoke(new StartPointInTimeRestoreHandler(restore), "{\"incidentId\":\"INC-1\",\"corruptionDetectedAt\":\"2026-03-10T11:00:00Z\"}".getBytes(StandardCharsets.UTF_8));

        ArgumentCaptor<RestoreRequest> request = ArgumentCaptor.forClass(RestoreRequest.class);
        verify(restore).start(request.capture());
        assertThat(request.getValue().corruptionTime()).isEqualTo(Instant.parse("2026-03-10T11:00:00Z"));
    }

    @Test
    void restoreHandler_refusesATimeThatIsNotIso8601() {
        PointInTimeRestore restore = mock(PointInTimeRestore.class);

        assertThatThrownBy(() -> invoke(new StartPointInTimeRestoreHandler(restore),
                "{\"incidentId\":\"INC-1\",\"restoreTime\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void failoverHandler_readsTheSampleEvent() throws IOException {
        RdsFailover failover = mock(RdsFailover.class);

        invoke(new RdsFailoverHandler(failover), "rds-failover.json");

        ArgumentCaptor<FailoverRequest> request = ArgumentCaptor.forClass(FailoverRequest.class);
        verify(failover).failOver(request.capture());
        assertThat(request.getValue()).isEqualTo(new FailoverRequest("INC-123", null, "eu-west-1a"));
    }

    @Test
    void awaitHandler_readsTheSampleEventAndWritesTheNextWait() throws IOException {
        InstanceAwaiter awaiter = mock(InstanceAwaiter.class);
        when(awaiter.poll(any())).thenReturn(new AwaitResult("exchange-db-pitr-inc-123", AwaitResult.PENDING, "creating", 1, 30,
                Instant.parse("2026-03-10T12:00:00Z"), Instant.parse("2026-03-10T16:00:00Z"), 14_400, null, null, null));

        JsonNode output = invoke(new AwaitRdsInstanceHandler(awaiter), "rds-await-instance.json");

        ArgumentCaptor<AwaitRequest> request = ArgumentCaptor.forClass(AwaitRequest.class);
        verify(awaiter).poll(request.capture());
        assertThat(request.getValue().instanceId()).isEqualTo("exchange-db-pitr-inc-123");
        assertThat(output.path("status").asText()).isEqualTo("pending");
        assertThat(output.path("nextWaitSeconds").asInt()).isEqualTo(30);
        assertThat(output.path("waitStartedAt").asText()).isEqualTo("2026-03-10T12:00:00Z");
    }

    @Test
    void cutOverHandler_readsTheSampleEvent() throws IOException {
        RestoredInstanceCutOver cutOver = mock(RestoredInstanceCutOver.class);

        invoke(new CutOverRestoredInstanceHandler(cutOver), "rds-cut-over.json");

        ArgumentCaptor<CutOverRequest> request = ArgumentCaptor.forClass(CutOverRequest.class);
        verify(cutOver).advance(request.capture());
        assertThat(request.getValue()).isEqualTo(new CutOverRequest("INC-123", null, 0));
    }

    private JsonNode invoke(RequestStreamHandler handler, String event) throws IOException {
        return invoke(handler, Files.readAllBytes(Path.of("..", "events", event)));
    }

    private JsonNode invoke(RequestStreamHandler handler, byte[] input) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(input), output, context);
        return Json.read(output.toString(StandardCharsets.UTF_8));
    }
}
