package exchange.recovery.local.drill.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import exchange.recovery.core.Json;

/**
 * An EventBridge event read from a file, as the console shows one: {@code source}, {@code detail-type} and
 * an object {@code detail} are required; {@code time} and {@code resources} are kept when present.
 */
public record ReplayEvent(Path file, String source, String detailType, JsonNode detail, Instant time, List<String> resources,
                          ObjectNode envelope) {

    public static ReplayEvent read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new MalformedEvent(file + ": no such file");
        } catch (IOException e) {
            throw new MalformedEvent(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return parse(file, text);
    }

    public static ReplayEvent parse(Path file, String text) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw new MalformedEvent(file + ": not valid JSON" + (location == null ? "" : " at line " + location.getLineNr()
                    + ", column " + location.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEvent(file + ": an EventBridge event is a JSON object; this file holds "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<String> problems = new ArrayList<>();
        String source = text(node, "source", problems);
        String detailType = text(node, "detail-type", problems);
        JsonNode detail = node.get("detail");
        if (detail == null || !detail.isObject()) {
            problems.add("\"detail\" must be an object" + (detail == null ? " (missing)" : " (is " + detail.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT) + ")"));
        }
        Instant time = null;
        if (node.hasNonNull("time")) {
            try {
                time = Instant.parse(node.get("time").asText());
            } catch (DateTimeParseException e) {
                problems.add("\"time\" is not an ISO-8601 time: " + node.get("time").asText());
            }
        }
        List<String> resources = new ArrayList<>();
        JsonNode resourceList = node.get("resources");
        if (resourceList != null && !resourceList.isNull()) {
            if (!resourceList.isArray()) {
                problems.add("\"resources\" must be a list of ARNs");
            } else {
                resourceList.forEach(resource -> resources.add(resource.asText()));
            }
        }
        if (!problems.isEmpty()) {
            throw new MalformedEvent(file + ": not an EventBridge event: " + String.join("; ", problems));
        }
        return new ReplayEvent(file, source, detailType, detail, time, List.copyOf(resources), (ObjectNode) node);
    }

    private static String text(JsonNode node, String field, List<String> problems) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add("\"" + field + "\" must be a non-empty string" + (value == null ? " (missing)" : ""));
            return null;
        }
        return value.asText();
    }

    /** The alarm this event is about, for CloudWatch alarm state changes. */
    public String alarmName() {
        return detail.path("alarmName").asText(null);
    }

    public String alarmState() {
        return detail.path("state").path("value").asText(null);
    }
}
