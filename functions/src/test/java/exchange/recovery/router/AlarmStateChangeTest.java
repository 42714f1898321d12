package exchange.recovery.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.InvalidInput;
import exchange.recovery.core.Json;
import exchange.recovery.testing.SampleEvents;

class AlarmStateChangeTest {

    @Test
    void alarmEvent_isReadAsAwsShapesIt() {
        AlarmStateChange alarm = AlarmStateChange.parse(SampleEvents.load("alarm-database-instance-failure.json"));

        assertThat(alarm.alarmName()).isEqualTo("exchange-db-primary-unavailable");
        assertThat(alarm.alarmArn()).contains("arn:aws:cloudwatch:us-east-1:123456789012:alarm:exchange-db-primary-unavailable");
        assertThat(alarm.state()).isEqualTo("ALARM");
        assertThat(alarm.previousState()).isEqualTo("OK");
        assertThat(alarm.reason()).startsWith("Threshold Crossed");
        assertThat(alarm.stateChangeTime()).isEqualTo(Instant.parse("2026-11-28T03:00:05.123Z"));
        assertThat(alarm.isAlarm()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"alarm-ok.json", "alarm-insufficient-data.json"})
    void otherStates_areReadButAreNotAlarms(String file) {
        assertThat(AlarmStateChange.parse(SampleEvents.load(file)).isAlarm()).isFalse();
    }

    @Test
    void stateWithoutTimestamp_takesTheEventTime() {
        ObjectNode event = SampleEvents.load("alarm-az-outage.json");
        ((ObjectNode) event.at("/detail/state")).remove("timestamp");

        assertThat(AlarmStateChange.parse(event).stateChangeTime()).isEqualTo(Instant.parse("2026-11-28T03:00:07Z"));
    }

    @Test
    void eventWithoutAlarmResource_hasNoArn() {
        ObjectNode event = SampleEvents.load("alarm-az-outage.json");
        event.putArray("resources");

        assertThat(AlarmStateChange.parse(event).alarmArn()).isEqualTo(Optional.empty());
    }

    @Test
    void otherEvent_isNotAnAlarmStateChange() {
        assertThatThrownBy(() -> AlarmStateChange.parse(SampleEvents.load("not-an-alarm.json")))
                .isInstanceOf(MalformedAlarmEvent.class).isInstanceOf(InvalidInput.class)
                .hasMessage("Not a CloudWatch alarm state change: source 'aws.ec2', detail-type "
                        + "'EC2 Instance State-change Notification' (expected 'aws.cloudwatch', 'CloudWatch Alarm State Change')");
    }

    @Test
    void missingAlarmName_isMalformed() {
        ObjectNode event = SampleEvents.load("alarm-az-outage.json");
        ((ObjectNode) event.get("detail")).remove("alarmName");

        assertThatThrownBy(() -> AlarmStateChange.parse(event))
                .isInstanceOf(MalformedAlarmEvent.class).hasMessage("detail.alarmName is required");
    }

    @Test
    void missingState_isMalformed() {
        ObjectNode event = SampleEvents.load("alarm-az-outage.json");
        ((ObjectNode) event.get("detail")).remove("state");

        assertThatThrownBy(() -> AlarmStateChange.parse(event))
                .isInstanceOf(MalformedAlarmEvent.class).hasMessage("detail.state.value is required");
    }

    @Test
    void unreadableTime_isMalformed() {
        ObjectNode event = SampleEvents.load("alarm-az-outage.json");
        ((ObjectNode) event.at("/detail/state")).put("timestamp", "yesterday");

        assertThatThrownBy(() -> AlarmStateChange.parse(event))
                .isInstanceOf(MalformedAlarmEvent.class).hasMessageContaining("not an ISO-8601 time: yesterday");
    }

    @Test
    void nonObject_isMalformed() {
        assertThatThrownBy(() -> AlarmStateChange.parse(Json.read("[1, 2]")))
                .isInstanceOf(MalformedAlarmEvent.class).hasMessageContaining("got array");
    }
}
