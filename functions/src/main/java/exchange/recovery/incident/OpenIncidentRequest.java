package exchange.recovery.incident;

import com.fasterxml.jackson.databind.JsonNode;

/** What the plan's first state passes: the raw start input and the execution that runs it. */
public record OpenIncidentRequest(JsonNode event, String executionId, String plan) {
}
