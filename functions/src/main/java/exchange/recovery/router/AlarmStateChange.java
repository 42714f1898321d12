package exchange.recovery.router;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of an EventBridge "CloudWatch Alarm State Change" event that routing needs. AWS's shape:
 * {@code source} "aws.cloudwatch", {@code resources[0]} the alarm ARN, {@code detail.alarmName},
 * {@code detail.state.value|reason|timestamp} and {@code detail.previousState}.
 */
public record AlarmStateChange(String alarmName, Optional<String> alarmArn, String state, String previousState,
                               String reason, Instant stateChangeTime, Optional<String> availabilityZone) {

    /** An Availability Zone name (us-east-1a, us-west-2-lax-1a), not a zone ID. */
    public static final Pattern ZONE_NAME = Pattern.compile("^[a-z]{2}(-[a-z0-9]+)+[a-z]$");

    public static final String SOURCE = "aws.cloudwatch";
    public static final String DETAIL_TYPE = "CloudWatch Alarm State Change";
    public static final String ALARM = "ALARM";

    public boolean isAlarm() {
        return ALARM.equals(state);
    }

    /** Reads the event, or says exactly what makes it not an alarm state change. */
    public static AlarmStateChange parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new MalformedAlarmEvent("Expected an EventBridge event object, got " + kind(event));
        }
        String source = event.path("source").asText("");
        String detailType = event.path("detail-type").asText("");
        if (!SOURCE.equals(source) || !DETAIL_TYPE.equals(detailType)) {
            throw new MalformedAlarmEvent("Not a CloudWatch alarm state change: source '" + source
                    + "', detail-type '" + detailType + "' (expected '" + SOURCE + "', '" + DETAIL_TYPE + "')");
        }
        JsonNode detail = event.path("detail");
        String alarmName = required(detail, "alarmName", "detail.alarmName");
        JsonNode state = detail.path("state");
        String value = required(state, "value", "detail.state.value");
        String timestamp = state.path("timestamp").asText(event.path("time").asText(""));
        if (timestamp.isBlank()) {
            throw new MalformedAlarmEvent("detail.state.timestamp (or time) is required");
        }
        Optional<String> arn = Optional.empty();
        for (JsonNode resource : event.path("resources")) {
            if (resource.asText().startsWith("arn:") && resource.asText().contains(":cloudwatch:")
                    && resource.asText().contains(":alarm:")) {
                arn = Optional.of(resource.asText());
            }
        }
        return new AlarmStateChange(alarmName, arn, value, detail.path("previousState").path("value").asText(null),
                state.path("reason").asText(null), instant(timestamp), availabilityZone(detail));
    }

    /** The {@code AvailabilityZone} dimension of the alarm's metrics, when they all name the same zone. */
    private static Optional<String> availabilityZone(JsonNode detail) {
        Set<String> zones = new TreeSet<>();
        for (JsonNode metric : detail.path("configuration").path("metrics")) {
            JsonNode zone = metric.path("metricStat").path("metric").path("dimensions").path("AvailabilityZone");
            if (zone.isTextual() && ZONE_NAME.matcher(zone.asText()).matches()) {
                zones.add(zone.asText());
            }
        }
        return zones.size() == 1 ? Optional.of(zones.iterator().next()) : Optional.empty();
    }

    private static String required(JsonNode node, String field, String path) {
        JsonNode value = node.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new MalformedAlarmEvent(path + " is required");
        }
        return value.asText();
    }

    /** CloudWatch writes "2026-11-28T03:00:00.123+0000"; ISO-8601 parsing wants "+00:00". */
    private static Instant instant(String text) {
        String iso = text.matches(".*[+-]\\d{4}$")
                ? text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2) : text;
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            throw new MalformedAlarmEvent("detail.state.timestamp is not an ISO-8601 time: " + text);
        }
    }

    private static String kind(JsonNode node) {
        return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
