package exchange.recovery.report;

import java.time.Instant;

/**
 * A notification the recovery sent.
 *
 * @param topic the SNS topic's name
 * @param origin {@code plan} (an SNS publish step of the plan) or {@code delivered} (a message that reached
 *               a queue subscribed to the topic, whoever published it)
 */
public record ReportNotification(Instant sentAt, String topic, String subject, String message, String origin) {
}
