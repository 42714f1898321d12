package exchange.recovery.local.stack;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;

import exchange.recovery.core.AwsClients;
import exchange.recovery.core.Json;
import exchange.recovery.report.ReportNotification;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Stands in for the people on call: a queue subscribed to the stack's SNS topics collects every
 * notification (recovery started, gate failed, approval links...) as the e-mail subscribers would get it.
 */
public final class NotificationInbox implements AutoCloseable {

    private final SqsClient sqs;
    private final String queueUrl;
    private final List<DeliveredMessage> received = new CopyOnWriteArrayList<>();

    private NotificationInbox(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    public static NotificationInbox subscribe(AwsClients aws, List<String> topicArns) {
        SqsClient sqs = aws.configure(SqsClient.builder()).build();
        String queueUrl = sqs.createQueue(b -> b.queueName("drill-notifications")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings("QueueArn"))
                .attributesAsStrings().get("QueueArn");
        for (String topic : topicArns) {
            aws.sns().subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
        }
        return new NotificationInbox(sqs, queueUrl);
    }

    /** Messages that arrived since the last call, oldest first. */
    public List<DeliveredMessage> poll() {
        List<DeliveredMessage> fresh = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                fresh.add(parse(message.body()));
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        fresh.sort(Comparator.comparing(DeliveredMessage::sentAt));
        received.addAll(fresh);
        return fresh;
    }

    /** Every message received so far. */
    public List<DeliveredMessage> all() {
        poll();
        return List.copyOf(received);
    }

    /** The messages as the report lists them. */
    public List<ReportNotification> asReportNotifications() {
        return all().stream().map(message -> new ReportNotification(message.sentAt(), message.topicName(),
                message.subject(), message.message(), "delivered")).toList();
    }

    /** Reads the SNS envelope that a (non-raw) SQS subscription delivers. */
    static DeliveredMessage parse(String body) {
        JsonNode envelope;
        try {
            envelope = Json.read(body);
        } catch (RuntimeException notJson) {
            return new DeliveredMessage(Instant.now(), null, null, body, Map.of());
        }
        Map<String, String> attributes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = envelope.path("MessageAttributes").fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            attributes.put(field.getKey(), field.getValue().path("Value").asText());
        }
        Instant sentAt;
        try {
            sentAt = Instant.parse(envelope.path("Timestamp").asText());
        } catch (DateTimeParseException e) {
            sentAt = Instant.now();
        }
        return new DeliveredMessage(sentAt, envelope.path("TopicArn").asText(null),
                envelope.hasNonNull("Subject") ? envelope.get("Subject").asText() : null,
                envelope.path("Message").asText(""), attributes);
    }

    @Override
    public void close() {
        sqs.close();
    }
}
