package exchange.recovery.local.drill.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ReplayEventTest {

    private static final Path FILE = Path.of("event.json");

    @Test
    void aConsoleAlarmEvent_isRead() {
        ReplayEvent event = ReplayEvent.parse(FILE, """
                {"version": "0", "id": "x", "detail-type": "CloudWatch Alarm State Change", "source": "aws.cloudwatch",
                 "time": "2026-11-28T03:00:00Z", "resources": ["arn:aws:cloudwatch:us-east-1:1:alarm:exchange-db"],
                 "detail": {"alarmName": "exchange-db", "state": {"value": "ALARM"}}}
                """);

        assertThat(event.alarmName()).isEqualTo("exchange-db");
        assertThat(event.alarmState()).isEqualTo("ALARM");
        assertThat(event.resources()).containsExactly("arn:aws:cloudwatch:us-east-1:1:alarm:exchange-db");
        assertThat(event.time()).hasToString("2026-11-28T03:00:00Z");
    }

    @Test
    void brokenJson_isMalformed_withWhereItBreaks() {
        assertThatThrownBy(() -> ReplayEvent.parse(FILE, "{\"source\": \"aws.cloudwatch\",\n  \"detail\": {"))
                .isInstanceOf(MalformedEvent.class).hasMessageStartingWith("event.json: not valid JSON at line 2");
    }

    @Test
    void jsonThatIsNotAnEvent_isMalformed_listingWhatIsMissing() {
        assertThatThrownBy(() -> ReplayEvent.parse(FILE, "{\"detail\": \"ALARM\", \"time\": \"yesterday\"}"))
                .isInstanceOf(MalformedEvent.class)
                .hasMessage("event.json: not an EventBridge event: \"source\" must be a non-empty string (missing); "
                        + "\"detail-type\" must be a non-empty string (missing); \"detail\" must be an object (is string); "
                        + "\"time\" is not an ISO-8601 time: yesterday");
        assertThatThrownBy(() -> ReplayEvent.parse(FILE, "[1, 2]"))
                .isInstanceOf(MalformedEvent.class).hasMessageContaining("this file holds array");
    }

    @Test
    void aMissingFile_isMalformed() {
        assertThatThrownBy(() -> ReplayEvent.read(Path.of("does-not-exist.json")))
                .isInstanceOf(MalformedEvent.class).hasMessage("does-not-exist.json: no such file");
    }
}
