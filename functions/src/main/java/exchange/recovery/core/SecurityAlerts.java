package exchange.recovery.core;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Security-relevant events for the security team's topic, beside the on-call notifications: withdrawal
 * pause and resume, approvals requested, decided or refused (tampered link, CSRF), alarms the router
 * suppressed or ignored, promotions of a writer. An alert never blocks the action it reports: the action
 * is already recorded in its own store and audit, so a failed publish is logged by the caller's
 * logger and dropped rather than turned into a retried failure of the recovery.
 */
public interface SecurityAlerts {

    /** Environment variable naming the security topic. */
    String TOPIC_VARIABLE = "SECURITY_TOPIC_ARN";

    /**
     * Publishes one event. {@code kind} is a stable name such as {@code withdrawals.resumed}; details are
     * short, non-secret values (incident id, approver, reason). Never throws.
     */
    void publish(String kind, Map<String, String> details);

    /** Alerts that go nowhere, for callers whose deployment has no security topic configured. */
    SecurityAlerts NONE = (kind, details) -> { };

    /** Alerts to the topic named by {@value #TOPIC_VARIABLE}, or nowhere when it is not set. */
    static SecurityAlerts fromEnvironment(Env env, AwsClients clients) {
        return env.find(TOPIC_VARIABLE).<SecurityAlerts>map(topic -> new Sns(clients.sns(), topic)).orElse(NONE);
    }

    /** Publishes to one SNS topic, the event's kind as a message attribute for subscription filters. */
    final class Sns implements SecurityAlerts {

        private static final Logger LOG = LogManager.getLogger(SecurityAlerts.class);
        private static final int MAX_SUBJECT = 100;
        private static final int MAX_VALUE = 512;

        private final SnsClient sns;
        private final String topicArn;

        public Sns(SnsClient sns, String topicArn) {
            this.sns = Objects.requireNonNull(sns, "sns");
            this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        }

        @Override
        public void publish(String kind, Map<String, String> details) {
            Map<String, String> body = new TreeMap<>();
            details.forEach((key, value) -> body.put(key, bounded(value)));
            body.put("kind", kind);
            try {
                sns.publish(request -> request.topicArn(topicArn)
                        .subject(subject(kind))
                        .message(Json.write(body))
                        .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue(kind).build())));
            } catch (SdkException e) {
                LOG.warn("Security alert {} not published: {}", kind, e.getClass().getSimpleName());
            }
        }

        private static String subject(String kind) {
            String subject = "exchange-recovery security: " + kind;
            return subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT);
        }

        private static String bounded(String value) {
            String text = value == null ? "" : value;
            return text.length() <= MAX_VALUE ? text : text.substring(0, MAX_VALUE) + "…";
        }
    }
}
