package exchange.recovery.approval;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Map;

import exchange.recovery.core.TransientFailure;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Sends each approver their own link through the approvals SNS topic. Every message carries the
 * approver in the {@code approver} message attribute, and each approver's e-mail subscription has the
 * filter policy {@code {"approver": ["<id>"]}}, so a link reaches only the person it is bound to.
 */
public class ApprovalNotifier {

    public static final String APPROVER_ATTRIBUTE = "approver";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final SnsClient sns;
    private final String topicArn;
    private final String baseUrl;

    public ApprovalNotifier(SnsClient sns, String topicArn, String baseUrl) {
        this.sns = sns;
        this.topicArn = topicArn;
        this.baseUrl = baseUrl;
    }

    public void notify(ApprovalRequest request, ApprovalLink link) {
        String subject = truncate("Approval needed: " + request.approvalType() + " for " + request.incidentId(), 100);
        String message = """
                %s, your approval is requested.

                Incident:  %s
                Type:      %s (%d of %d approvers must approve)
                Summary:   %s
                Expires:   %s

                Open your personal link to see the evidence and decide:
                %s

                The link is yours alone: do not forward it. Opening it changes nothing; only the
                Approve or Reject button on the page records a decision.
                """.formatted(link.approver(), request.incidentId(), request.approvalType(),
                request.requiredApprovals(), request.approvers().size(), request.summary(),
                TIME.format(request.expiresAt()), link.url(baseUrl));
        try {
            sns.publish(PublishRequest.builder()
                    .topicArn(topicArn)
                    .subject(subject)
                    .message(message)
                    .messageAttributes(Map.of(
                            APPROVER_ATTRIBUTE, attribute(link.approver()),
                            "approvalType", attribute(request.approvalType()),
                            "incidentId", attribute(request.incidentId()),
                            "requestId", attribute(request.requestId())))
                    .build());
        } catch (SdkException e) {
            throw new TransientFailure("Could not notify " + link.approver() + " of " + request.requestId(), e);
        }
    }

    private static MessageAttributeValue attribute(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static String truncate(String text, int max) {
        String single = text.replaceAll("[\\r\\n]+", " ");
        return single.length() <= max ? single : single.substring(0, max - 3) + "...";
    }
}
