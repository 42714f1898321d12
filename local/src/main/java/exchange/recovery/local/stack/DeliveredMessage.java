package exchange.recovery.local.stack;

import java.time.Instant;
import java.util.Map;

/** One SNS message as a subscribed queue received it. */
public record DeliveredMessage(Instant sentAt, String topicArn, String subject, String message, Map<String, String> attributes) {

    public DeliveredMessage {
        attributes = Map.copyOf(attributes);
    }

    public String topicName() {
        return topicArn == null ? "" : topicArn.substring(topicArn.lastIndexOf(':') + 1);
    }
}
