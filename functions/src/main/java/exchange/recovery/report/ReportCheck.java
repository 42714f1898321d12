package exchange.recovery.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One named check a gate ran (an integrity check on the data, or the health of a target), with the
 * evidence the check gave.
 *
 * @param evidence counts, offending ids, first gap... as the check reported them; may be null
 */
public record ReportCheck(String name, boolean passed, String summary, JsonNode evidence) {
}
