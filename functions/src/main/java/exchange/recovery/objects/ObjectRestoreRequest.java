package exchange.recovery.objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Input of the object restore: the console's fields, or the EventBridge envelope of a CloudWatch alarm
 * state change when the alarm route starts it ({@code detail-type}, {@code time}, {@code detail}).
 * Example: events/object-restore.json.
 */
public record ObjectRestoreRequest(String incidentId, String bucket, String prefix, String restoreTime,
                                   String damageStartedAt, String newObjects, Boolean dryRun, String undo,
                                   String requestedBy,
                                   @JsonProperty("detail-type") String detailType, String time, JsonNode detail) {

    boolean fromAlarm() {
        return "CloudWatch Alarm State Change".equals(detailType);
    }
}
