package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.testing.TestContext;

@ExtendWith(MockitoExtension.class)
class ReleaseScopeLockHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T04:00:00Z");
    private static final String ARN = "arn:aws:states:us-east-1:123456789012:execution:platform-recovery:x";

    @Mock
    private ScopeLocks locks;

    private ReleaseScopeLockHandler handler;

    @BeforeEach
    void setUp() {
        handler = new ReleaseScopeLockHandler(locks, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void holder_releasesItsScopeAndLearnsWhenTheNextRecoveryMayStart() {
        when(locks.release(ARN, Optional.of(NOW))).thenReturn(Optional.of("platform-recovery#database,wallet"));
        when(locks.minInterval()).thenReturn(Duration.ofMinutes(30));

        JsonNode released = Json.read(invoke("""
                {"plan": "platform-recovery", "executionArn": "%s"}""".formatted(ARN)));

        assertThat(released.get("released").asBoolean()).isTrue();
        assertThat(released.get("scopeKey").asText()).isEqualTo("platform-recovery#database,wallet");
        assertThat(released.get("nextRecoveryFrom").asText()).isEqualTo("2026-11-28T04:30:00Z");
    }

    @Test
    void planHaltedOnAnInputWithoutScope_stillReleasesWhatItHolds() {
        // GIVEN a plan that halted before its input was validated: the release step has no scope to send
        when(locks.release(ARN, Optional.of(NOW))).thenReturn(Optional.of("platform-recovery#database"));
        when(locks.minInterval()).thenReturn(Duration.ofMinutes(30));

        // WHEN it releases by its execution alone
        JsonNode released = Json.read(invoke("{\"executionArn\": \"%s\"}".formatted(ARN)));

        // THEN its lock is found by the execution and freed
        assertThat(released.get("released").asBoolean()).isTrue();
        assertThat(released.get("scopeKey").asText()).isEqualTo("platform-recovery#database");
    }

    @Test
    void nonHolder_releasesNothingAndDoesNotFail() {
        when(locks.release(ARN, Optional.of(NOW))).thenReturn(Optional.empty());

        JsonNode released = Json.read(invoke("""
                {"plan": "platform-recovery", "scope": ["database"], "executionArn": "%s"}""".formatted(ARN)));

        assertThat(released.get("released").asBoolean()).isFalse();
        assertThat(released.get("releasedAt").isNull()).isTrue();
    }

    @Test
    void missingExecution_isInvalidInput() {
        assertThatThrownBy(() -> invoke("{\"plan\": \"platform-recovery\", \"scope\": [\"database\"]}"))
                .isInstanceOf(InvalidInput.class).hasMessage("executionArn is required");
        verifyNoInteractions(locks);
    }

    private String invoke(String request) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(request.getBytes(StandardCharsets.UTF_8)), output,
                new TestContext("release-scope-lock"));
        return output.toString(StandardCharsets.UTF_8);
    }
}
