package exchange.recovery.report;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.Json;

/** Turns the errors Step Functions records into sentences people can read. */
final class FailureText {

    private static final int MAX = 400;

    private FailureText() {
    }

    /**
     * A Lambda error's cause is {@code {"errorType","errorMessage",...}}: the message is what matters.
     * Other causes are kept as they are, shortened.
     */
    static String message(String cause) {
        if (cause == null) {
            return null;
        }
        String text = cause.trim();
        if (text.startsWith("{")) {
            try {
                JsonNode node = Json.read(text);
                if (node.hasNonNull("errorMessage")) {
                    text = node.get("errorMessage").asText();
                }
            } catch (RuntimeException notJson) {
                // kept as written
            }
        }
        return text.length() <= MAX ? text : text.substring(0, MAX - 1) + "…";
    }

    /** {@code exchange.recovery.integrity.IntegrityCheckFailed} reads as {@code IntegrityCheckFailed}. */
    static String shortName(String error) {
        if (error == null) {
            return null;
        }
        int dot = error.lastIndexOf('.');
        return dot >= 0 && !error.startsWith("States.") ? error.substring(dot + 1) : error;
    }
}
