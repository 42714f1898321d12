package exchange.recovery.incident;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the plan passes once its input is validated: the normalised plan input, and the execution that
 * runs it (id and start time).
 */
public record OpenIncidentRequest(JsonNode input, String executionId, String executionStartTime, String plan) {
}
